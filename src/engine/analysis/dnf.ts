/**
 * Conditions in disjunctive normal form: a list of alternatives, each a list
 * of literals (a fact comparison or a segment membership, possibly negated)
 * that must all hold. `not` is pushed down to the leaves. Refuses to expand
 * past a bound (returns undefined) rather than blow up on pathological rules.
 */
import type { Condition, FactComparison } from "../schema/condition";

export type Literal =
  | { kind: "fact"; test: FactComparison; negated: boolean }
  | { kind: "segment"; name: string; negated: boolean };

export type Conjunction = readonly Literal[];

export const MAX_ALTERNATIVES = 512;

export function toDnf(condition: Condition | undefined, negate = false): Conjunction[] | undefined {
  if (condition === undefined) return negate ? [] : [[]];
  if ("not" in condition) return toDnf(condition.not, !negate);
  if ("all" in condition || "any" in condition) {
    const children = "all" in condition ? condition.all : condition.any;
    const conjunctive = "all" in condition !== negate;
    const parts: Conjunction[][] = [];
    for (const child of children) {
      const dnf = toDnf(child, negate);
      if (!dnf) return undefined;
      parts.push(dnf);
    }
    if (!conjunctive) {
      const union = parts.flat();
      return union.length > MAX_ALTERNATIVES ? undefined : union;
    }
    let product: Conjunction[] = [[]];
    for (const part of parts) {
      const next: Conjunction[] = [];
      for (const left of product) for (const right of part) next.push([...left, ...right]);
      if (next.length > MAX_ALTERNATIVES) return undefined;
      product = next;
    }
    return product;
  }
  if ("segment" in condition)
    return [[{ kind: "segment", name: condition.segment, negated: negate }]];
  return [[{ kind: "fact", test: condition, negated: negate }]];
}

export function describeLiteral(l: Literal): string {
  const text =
    l.kind === "segment"
      ? `segment "${l.name}"`
      : `${l.test.fact} ${l.test.op} ${JSON.stringify(l.test.value)}`;
  return l.negated ? `not(${text})` : text;
}
