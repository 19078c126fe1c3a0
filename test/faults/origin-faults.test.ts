/** The origin misbehaves: the shopper gets the origin's page (fail open) or a clear error, never ours broken. */
import { describe, expect, it } from "vitest";
import { get, ruleSet, through } from "../edge/helpers";
import { MALFORMED_HTML } from "../fixtures/stub-pages";

const rules = ruleSet([
  {
    id: "offer",
    actions: [{ type: "inject", target: { slot: "offer" }, position: "inner", html: "<b>NEW</b>" }],
  },
  {
    id: "banner",
    actions: [
      { type: "inject", target: { slot: "promo-banner" }, position: "inner", html: "<i>promo</i>" },
    ],
  },
]);

describe("origin faults", () => {
  it("rewrites a truncated page as far as it goes, and ends where the origin ended", async () => {
    const res = await through(rules, get("/truncated"));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div data-ep-slot="offer"><b>NEW</b></div>');
    expect(html.endsWith("<p>cut off in the mid")).toBe(true);
  });

  it("personalizes malformed HTML without repairing or breaking the rest of it", async () => {
    const res = await through(rules, get("/malformed"));
    const html = await res.text();
    expect(html).toContain('<div data-ep-slot="offer"><b>NEW</b></div>');
    expect(html).toContain("<div data-ep-slot=promo-banner><i>promo</i></div>");
    // Everything outside the two slots is byte for byte what the origin sent (the tag aside, there is no <head>).
    const expected = MALFORMED_HTML.replace(
      '<div data-ep-slot="offer">x</div>',
      '<div data-ep-slot="offer"><b>NEW</b></div>',
    ).replace(
      "<div data-ep-slot=promo-banner></div>",
      "<div data-ep-slot=promo-banner><i>promo</i></div>",
    );
    expect(html).toBe(expected);
  });

  it("passes on what arrived from an origin body that breaks mid-stream, and ends", async () => {
    const res = await through(rules, get("/breaks-mid-stream"));
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    let ended = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
      ended = true;
    } catch {
      ended = true; // an error is as good an ending as a close: the point is that it does not hang
    }
    expect(ended).toBe(true);
    expect(received).toContain('<div data-ep-slot="offer"><b>NEW</b></div><p>first part</p>');
  });

  it("streams a 10 MB page through the rewriter to the end", async () => {
    const res = await through(rules, get("/huge"));
    const reader = res.body!.getReader();
    let bytes = 0;
    let head = "";
    let tail = "";
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (head.length < 200) head += decoder.decode(value);
      tail = (tail + decoder.decode(value.subarray(Math.max(0, value.byteLength - 100)))).slice(
        -200,
      );
    }
    expect(bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(head).toContain('<div data-ep-slot="offer"><b>NEW</b></div>');
    expect(tail).toContain("<footer>end</footer></body></html>");
  });
});
