/**
 * Checks that a CSS selector is one HTMLRewriter supports and is cheap to match.
 * Pure (no HTMLRewriter here), so the check runs at build time in Node too.
 * Refuses `*`, selector lists, sibling combinators and pseudo-classes that the
 * streaming matcher cannot evaluate.
 */

const SIMPLE =
  /^(?:[a-zA-Z][a-zA-Z0-9-]*(?:\\:[a-zA-Z][a-zA-Z0-9-]*)?)?(?:#[-\w]+|\.[-\w]+|\[[-\w:]+(?:[~|^$*]?=(?:"[^"]*"|'[^']*'|[-\w]+))?\]|:(?:first-child|first-of-type|nth-child\([^)]*\)|nth-of-type\([^)]*\)|not\([^()]*\)))*$/;

export function selectorProblem(selector: string): string | undefined {
  const s = selector.trim();
  if (s === "") return "the selector is empty";
  if (s.includes(",")) return "selector lists (',') are not supported; use one action per selector";
  if (/[+~]/.test(s.replace(/\[[^\]]*\]|\([^)]*\)/g, "")))
    return "sibling combinators ('+', '~') are not supported by HTMLRewriter";
  const compounds = s.split(/\s*>\s*|\s+/).filter(Boolean);
  for (const compound of compounds) {
    if (compound === "*") return "'*' matches every element and is refused for speed";
    if (!SIMPLE.test(compound)) return `'${compound}' is not a selector HTMLRewriter supports`;
  }
  return undefined;
}

/** The selector of a named slot. Slot names are validated by the schema. */
export const slotSelector = (slot: string) => `[data-ep-slot="${slot}"]`;
