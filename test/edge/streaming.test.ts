/** The page streams: the first bytes leave before a slow origin finishes; compressed origins work. */
import { describe, expect, it } from "vitest";
import { get, ruleSet, through } from "./helpers";

const rules = ruleSet([
  {
    id: "banner",
    actions: [
      { type: "inject", target: { slot: "promo-banner" }, position: "inner", html: "<b>EP</b>" },
    ],
  },
]);

describe("streaming", () => {
  it("delivers the rewritten head of a slow, chunked page before the origin has sent the rest", async () => {
    const response = await through(rules, get("/slow"));
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    while (!received.includes("<b>EP</b>")) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value;
    }
    // The origin sends "chunk 0" only 400 ms after its first chunk: if we buffered, it would be here.
    expect(received).toContain('<div data-ep-slot="promo-banner"><b>EP</b></div>');
    expect(received).not.toContain("chunk 0");
    let rest = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += value;
    }
    expect(rest).toContain("<p>chunk 2</p></body></html>");
  });

  it("rewrites a gzip-encoded origin page and sends a body that matches its Content-Encoding", async () => {
    const response = await through(rules, get("/gzip", { "accept-encoding": "gzip" }));
    const body =
      response.headers.get("content-encoding") === "gzip"
        ? response.body!.pipeThrough(new DecompressionStream("gzip"))
        : response.body!;
    const html = await new Response(body).text();
    expect(html).toContain('<div data-ep-slot="promo-banner"><b>EP</b></div>');
    expect(html).toContain("</body></html>");
  });
});
