/** Fragment templates: placeholders are escaped for their context, or refused where unsafe. */
import { describe, expect, it } from "vitest";
import { compileTemplate, safeUrl } from "../../src/engine/template";

const render = (html: string, vars: Record<string, string>) => {
  const t = compileTemplate(html);
  if (!t.ok) throw new Error(t.error);
  return t.value.render(vars);
};

describe("templates", () => {
  it("escapes text and quoted attribute values", () => {
    expect(render("<p>{{v}}</p>", { v: `<a href="x">&'` })).toBe(
      "<p>&lt;a href&#61;&quot;x&quot;&gt;&amp;&#39;</p>",
    );
    expect(render(`<p title='{{v}}'>x</p>`, { v: "' onclick='x" })).toBe(
      "<p title='&#39; onclick&#61;&#39;x'>x</p>",
    );
  });

  it("sanitizes URLs at the start of URL attributes only", () => {
    expect(render('<a href="{{u}}">x</a>', { u: "javascript:alert(1)" })).toBe('<a href="#">x</a>');
    expect(render('<a href="/search?q={{u}}">x</a>', { u: "javascript:x" })).toBe(
      '<a href="/search?q=javascript:x">x</a>',
    );
    expect(safeUrl("https://a.example/b")).toBe("https://a.example/b");
    expect(safeUrl("java\nscript:x")).toBe("#");
    expect(safeUrl("/relative")).toBe("/relative");
  });

  it("lists its variables and renders a missing one as empty", () => {
    const t = compileTemplate("<p>{{a}} {{ b }}</p>");
    expect(t.ok && [...t.value.variables]).toEqual(["a", "b"]);
    expect(render("<p>{{a}}</p>", {})).toBe("<p></p>");
  });

  const refused: Array<[string, RegExp]> = [
    ["<div {{a}}>x</div>", /inside a tag/],
    ["<div class={{a}}>x</div>", /inside a tag/],
    ['<div onclick="{{a}}">x</div>', /onclick/],
    ['<div style="{{a}}">x</div>', /style/],
    ["<script>var x = '{{a}}'</script>", /script/],
    ["<style>.x{color:{{a}}}</style>", /script/],
    ["<!-- {{a}} -->", /comment/],
    ["<p>{{a</p>", /unclosed/],
    ["<p>{{a-b}}</p>", /not a variable name/],
  ];
  for (const [html, message] of refused) {
    it(`refuses ${html}`, () => {
      const t = compileTemplate(html);
      expect(t.ok).toBe(false);
      expect(!t.ok && t.error).toMatch(message);
    });
  }

  it("allows placeholders after a script has closed", () => {
    expect(render("<script>1</script><p>{{a}}</p>", { a: "<" })).toBe(
      "<script>1</script><p>&lt;</p>",
    );
  });
});
