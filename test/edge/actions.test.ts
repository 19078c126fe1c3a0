/** Every action type, by slot and by selector, applied by the real HTMLRewriter. */
import { describe, expect, it } from "vitest";
import { get, MOBILE_UA, ruleSet, through } from "./helpers";

async function page(actions: unknown[], headers: Record<string, string> = {}) {
  const response = await through(ruleSet([{ id: "r", actions }]), get("/page", headers));
  return { response, html: await response.text() };
}

describe("inject", () => {
  const positions = {
    before: '<p class="x">X</p><div data-ep-slot="offer"><p>origin offer</p></div>',
    after: '<div data-ep-slot="offer"><p>origin offer</p></div><p class="x">X</p>',
    prepend: '<div data-ep-slot="offer"><p class="x">X</p><p>origin offer</p></div>',
    append: '<div data-ep-slot="offer"><p>origin offer</p><p class="x">X</p></div>',
    replace: '<p class="x">X</p>\n<img id="hero"',
    inner: '<div data-ep-slot="offer"><p class="x">X</p></div>',
  };
  for (const [position, expected] of Object.entries(positions)) {
    it(`${position} at a named slot`, async () => {
      const { html } = await page([
        { type: "inject", target: { slot: "offer" }, position, html: '<p class="x">X</p>' },
      ]);
      expect(html).toContain(expected);
    });
  }

  it("at a CSS selector, from a fragment file with variables", async () => {
    const rules = ruleSet(
      [
        {
          id: "r",
          actions: [
            {
              type: "inject",
              target: { selector: "h1#title" },
              position: "after",
              fragment: "note",
              vars: { who: "shoppers", q: { fact: "query.q", default: "none" } },
            },
          ],
        },
      ],
      { note: '<p class="note" title="{{who}}">Hello {{who}}, you searched {{q}}</p>' },
    );
    const html = await (await through(rules, get("/page?q=laptops"))).text();
    expect(html).toContain(
      'Stub product</h1><p class="note" title="shoppers">Hello shoppers, you searched laptops</p>',
    );
  });
});

describe("element edits", () => {
  it("removes an element, or only its tags", async () => {
    const { html } = await page([
      { type: "remove", target: { selector: "#remove-me" } },
      { type: "remove", target: { selector: "#unwrap-me" }, keepContent: true },
    ]);
    expect(html).not.toContain("gone");
    expect(html).toContain("<span>kept</span>");
    expect(html).not.toContain('id="unwrap-me"');
  });

  it("sets and removes attributes", async () => {
    const { html } = await page([
      {
        type: "set_attribute",
        target: { selector: "a#link" },
        name: "rel",
        value: 'nofollow" onclick="x',
      },
      { type: "remove_attribute", target: { selector: "#heavy" }, name: "autoplay" },
    ]);
    expect(html).toContain('rel="nofollow&quot; onclick=&quot;x"');
    expect(html).toMatch(/<video id="heavy" muted/);
  });

  it("adds and removes classes without duplicating", async () => {
    const { html } = await page([
      { type: "add_class", target: { selector: "html" }, class: "ep-lite" },
      { type: "add_class", target: { selector: "a.nav" }, class: "nav" },
      { type: "remove_class", target: { selector: "h1" }, class: "headline" },
    ]);
    expect(html).toContain('<html lang="en" class="ep-lite">');
    expect(html).toContain('class="nav"');
    expect(html).toContain('<h1 id="title" class="">');
  });
});

describe("lighten_images", () => {
  it("lazy-loads all but the first image, caps srcset and swaps video for its poster", async () => {
    const { html } = await page([{ type: "lighten_images", maxSrcsetWidth: 800, skipFirst: 1 }]);
    expect(html).toContain(
      '<img id="hero" src="/hero.jpg" srcset="/hero-400.jpg 400w, /hero-800.jpg 800w">',
    );
    expect(html).toContain(
      '<img id="second" src="/second.jpg" srcset="/second-400.jpg 400w" loading="lazy" decoding="async">',
    );
    expect(html).toContain('<source id="pic-source" srcset="/p-400.webp 400w">');
    expect(html).toContain(
      '<img src="/poster.jpg" alt="" loading="lazy" decoding="async" data-ep-video-poster="" class="hero-video">',
    );
    expect(html).not.toContain("/v.mp4");
    expect(html).toMatch(/<video id="noposter" muted preload="none">/);
  });

  it("limits itself to a scope", async () => {
    const { html } = await page([{ type: "lighten_images", scope: "picture", skipFirst: 0 }]);
    expect(html).toContain('<img id="pic" src="/p.jpg" loading="lazy"');
    expect(html).toContain('<img id="hero" src="/hero.jpg" srcset');
    expect(html).not.toMatch(/id="hero"[^>]*loading/);
  });
});

describe("include", () => {
  it("streams an origin fragment into place", async () => {
    const { html } = await page([
      { type: "include", target: { slot: "offer" }, src: "/fragments/ok" },
    ]);
    expect(html).toContain(
      '<div data-ep-slot="offer"><aside class="frag">fragment ok</aside></div>',
    );
  });

  it("fetches from an allowed include host", async () => {
    const { html } = await page([
      {
        type: "include",
        target: { slot: "offer" },
        src: "https://fragments.test/fragments/remote",
      },
    ]);
    expect(html).toContain('<aside class="frag-remote">remote fragment</aside>');
  });

  it("uses the fallback on an error status and on a timeout", async () => {
    const { html } = await page([
      {
        type: "include",
        target: { slot: "offer" },
        src: "/fragments/500",
        fallback: { html: "<i>fallback 500</i>" },
      },
      {
        type: "include",
        target: { slot: "promo-banner" },
        src: "/fragments/slow",
        timeoutMs: 50,
        fallback: { html: "<i>fallback slow</i>" },
      },
    ]);
    expect(html).toContain('<div data-ep-slot="offer"><i>fallback 500</i></div>');
    expect(html).toContain('<div data-ep-slot="promo-banner"><i>fallback slow</i></div>');
    expect(html).not.toContain("too late");
    expect(html).toContain("<footer");
  });

  it("honours <esi:include> tags the origin emits, with alt, and drops failed ones", async () => {
    const response = await through(ruleSet([]), get("/esi"));
    expect(await response.text()).toBe(
      '<html><body><p>before</p><aside class="frag">fragment ok</aside><p>middle</p><aside class="frag-alt">fragment alt</aside><p>after</p><p>end</p></body></html>',
    );
  });
});

describe("set_header and response headers", () => {
  it("sets a header, drops content-length/etag/last-modified, marks personalized pages private and times the decision", async () => {
    const { response } = await page([
      { type: "set_header", name: "X-Variant", value: "b" },
      { type: "add_class", target: { selector: "html" }, class: "x" },
    ]);
    expect(response.headers.get("x-variant")).toBe("b");
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("etag")).toBeNull();
    expect(response.headers.get("last-modified")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    expect(response.headers.get("server-timing")).toMatch(
      /^ep-decide;dur=\d+\.\d\d;desc="1 rule\(s\), state: none"$/,
    );
  });
});

describe("conditions on request context", () => {
  const lite = ruleSet([
    {
      id: "lite",
      when: {
        all: [
          { fact: "device.type", op: "eq", value: "mobile" },
          {
            any: [
              { fact: "network.ect", op: "in", value: ["2g", "3g"] },
              { fact: "network.saveData", op: "eq", value: true },
            ],
          },
        ],
      },
      actions: [{ type: "add_class", target: { selector: "html" }, class: "ep-lite" }],
    },
  ]);
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ["mobile on 3g", { "user-agent": MOBILE_UA, ect: "3g" }, true],
    ["mobile with Save-Data", { "user-agent": MOBILE_UA, "save-data": "on" }, true],
    ["mobile client hint on 4g", { "sec-ch-ua-mobile": "?1", ect: "4g" }, false],
    ["desktop on 3g", { ect: "3g" }, false],
  ];
  for (const [name, headers, fires] of cases) {
    it(`${name}: ${fires ? "fires" : "does not fire"}`, async () => {
      const html = await (await through(lite, get("/page", headers))).text();
      expect(html.includes('class="ep-lite"')).toBe(fires);
    });
  }
});

describe("include caching", () => {
  it("reuses a fragment its origin marks public with a max-age, and refetches a private one", async () => {
    const rules = ruleSet([
      {
        id: "r",
        actions: [
          { type: "include", target: { slot: "offer" }, src: "/fragments/cacheable" },
          { type: "include", target: { slot: "promo-banner" }, src: "/fragments/private" },
        ],
      },
    ]);
    const first = await (await through(rules, get("/page"))).text();
    const second = await (await through(rules, get("/page"))).text();
    const cachedOf = (html: string) => /frag-cached">served (\d+)/.exec(html)?.[1];
    const privateOf = (html: string) => Number(/frag-private">served (\d+)/.exec(html)?.[1]);
    expect(cachedOf(second)).toBe(cachedOf(first));
    expect(privateOf(second)).toBe(privateOf(first) + 1);
  });
});

describe("declared slots", () => {
  it("match by element and attribute when site.json names the slot's element", async () => {
    const site = {
      file: "site.json",
      data: { pageTypes: { product: ["/page"] }, slots: { offer: "div" } },
    };
    const rules = ruleSet(
      [
        {
          id: "r",
          actions: [
            { type: "inject", target: { slot: "offer" }, position: "inner", html: "<b>S</b>" },
          ],
        },
      ],
      {},
      site,
    );
    expect(rules.rules[0]!.actions[0]!.selector).toBe('div[data-ep-slot="offer"]');
    expect(await (await through(rules, get("/page"))).text()).toContain(
      '<div data-ep-slot="offer"><b>S</b></div>',
    );
  });
});
