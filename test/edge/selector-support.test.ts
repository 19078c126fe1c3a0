/** The build-time selector check agrees with the real HTMLRewriter in workerd. */
import { describe, expect, it } from "vitest";
import { selectorProblem } from "../../src/engine/selector";

const accepted = [
  "html",
  "div",
  "#title",
  ".nav",
  "a.nav",
  'a[href="/x"]',
  "[data-ep-slot=offer]",
  'img[src^="/hero"]',
  "main > section .price",
  "ul li:first-child",
  "li:nth-child(2n+1)",
  "p:not(.x)",
  "esi\\:include",
];
const refused = ["*", "div, p", "h1 + p", "h1 ~ p", "a:hover", "", "div > *"];

describe("selector check", () => {
  for (const selector of accepted) {
    it(`accepts ${JSON.stringify(selector)}, and HTMLRewriter does too`, () => {
      expect(selectorProblem(selector)).toBeUndefined();
      expect(() => new HTMLRewriter().on(selector, {})).not.toThrow();
    });
  }
  for (const selector of refused) {
    it(`refuses ${JSON.stringify(selector)}`, () => {
      expect(selectorProblem(selector)).toBeTypeOf("string");
    });
  }
});
