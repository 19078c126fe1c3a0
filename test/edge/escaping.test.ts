/** Fragment variables from the request are escaped for their place: hostile values stay inert. */
import { describe, expect, it } from "vitest";
import { get, ruleSet, through } from "./helpers";

const rules = ruleSet(
  [
    {
      id: "echo",
      actions: [
        {
          type: "inject",
          target: { slot: "offer" },
          position: "inner",
          fragment: "echo",
          vars: {
            text: { fact: "utm.campaign" },
            attr: { fact: "query.a" },
            link: { fact: "query.link", default: "/safe" },
          },
        },
      ],
    },
  ],
  {
    echo: '<p class="t">{{text}}</p><span title="{{attr}}" data-x=\'{{attr}}\'>x</span><a href="{{link}}">go</a>',
  },
);

const hostile = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</p></div><div data-ep-slot="offer">',
  "{{text}}",
  "<!--",
];

async function render(query: Record<string, string>) {
  const search = new URLSearchParams(query).toString();
  const html = await (await through(rules, get(`/page?${search}`))).text();
  const start = html.indexOf('<div data-ep-slot="offer">');
  return html.slice(start, html.indexOf("</div>", start) + 6);
}

describe("hostile fragment variables", () => {
  for (const value of hostile) {
    it(`keeps ${JSON.stringify(value)} inert in text and attributes`, async () => {
      const slot = await render({ utm_campaign: value, a: value });
      expect(slot).not.toMatch(/<script|<img|<!--|onerror=|onmouseover=/i);
      expect(slot.match(/<p class="t">/g)).toHaveLength(1);
      expect(slot.match(/<span /g)).toHaveLength(1);
      expect(slot).toMatch(
        /^<div data-ep-slot="offer"><p class="t">[^<>]*<\/p><span title="[^"<>]*" data-x='[^'<>]*'>x<\/span><a href="[^"<>]*">go<\/a><\/div>$/,
      );
    });
  }

  it("turns javascript: and data: URLs into '#', keeps ordinary links", async () => {
    expect(await render({ link: "javascript:alert(1)" })).toContain('<a href="#">');
    expect(await render({ link: " JaVa\tScRiPt:alert(1)" })).toContain('<a href="#">');
    expect(await render({ link: "data:text/html,<script>" })).toContain('<a href="#">');
    expect(await render({ link: "https://shop.test/deals?a=1&b=2" })).toContain(
      '<a href="https://shop.test/deals?a&#61;1&amp;b&#61;2">',
    );
    expect(await render({})).toContain('<a href="/safe">');
  });

  it("caps a variable at its maxLength", async () => {
    const slot = await render({ utm_campaign: "x".repeat(5000) });
    expect(slot).toContain(`<p class="t">${"x".repeat(200)}</p>`);
  });
});
