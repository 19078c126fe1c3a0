/** The tag is served with long-lived caching at a versioned URL and injected async into every HTML page. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TAG_PATH } from "../../src/collect/tag-route";
import { TAG_HASH, TAG_JS } from "../../src/generated/client-tag";
import { DESKTOP_UA } from "./helpers";

const visit = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(
    new Request(`http://localhost:8787${path}`, {
      headers: { "user-agent": DESKTOP_UA, ...headers },
    }),
  );

describe("tag delivery", () => {
  it("serves the versioned tag immutable for a year, and a stable alias briefly", async () => {
    expect(TAG_PATH).toBe(`/__ep/tag.${TAG_HASH}.js`);
    const versioned = await visit(TAG_PATH);
    expect(versioned.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await versioned.text()).toBe(TAG_JS);
    const alias = await visit("/__ep/tag.js");
    expect(alias.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("injects it async at the end of <head>, with the page type, the rules already applied and the heartbeat", async () => {
    const html = await (await visit("/products/aero-14-laptop")).text();
    const head = html.slice(0, html.indexOf("</head>") + 7);
    expect(head).toMatch(
      new RegExp(
        `<script async src="${TAG_PATH.replace(/\./g, "\\.")}" data-page-type="product" data-rules="product-free-shipping-include" data-hb="15"></script></head>$`,
      ),
    );
  });

  it("is not injected for bots, opted-out visitors or under Global Privacy Control", async () => {
    const cases: Array<Record<string, string>> = [
      { "user-agent": "Googlebot/2.1" },
      { cookie: "ep_optout=1" },
      { "sec-gpc": "1" },
    ];
    for (const headers of cases) {
      expect(await (await visit("/", headers)).text()).not.toContain("/__ep/tag.");
    }
  });
});
