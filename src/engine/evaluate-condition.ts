/**
 * Evaluates a rule condition against a visitor's facts and segments.
 * Returns undefined when it holds, or the first failing leaf as a sentence,
 * so "why did my rule not fire" has an answer. No I/O, no clock.
 */
import type { Condition, FactComparison } from "./schema/condition";
import type { FactValue } from "./schema/facts";

export interface Facts {
  /** A request or state fact by name ("device.type", "query.q", "signal.intent"). */
  fact(name: string): FactValue;
  inSegment(name: string): boolean;
}

export function firstFailure(condition: Condition, facts: Facts): string | undefined {
  if ("all" in condition) {
    for (const child of condition.all) {
      const failure = firstFailure(child, facts);
      if (failure) return failure;
    }
    return undefined;
  }
  if ("any" in condition) {
    let first: string | undefined;
    for (const child of condition.any) {
      const failure = firstFailure(child, facts);
      if (!failure) return undefined;
      first ??= failure;
    }
    return `none of ${condition.any.length} alternatives held (first: ${first})`;
  }
  if ("not" in condition) {
    return firstFailure(condition.not, facts)
      ? undefined
      : `not(${describe(condition.not)}) — it held`;
  }
  if ("segment" in condition) {
    return facts.inSegment(condition.segment) ? undefined : `not in segment "${condition.segment}"`;
  }
  const actual = facts.fact(condition.fact);
  return compare(condition, actual)
    ? undefined
    : `${describe(condition)} — was ${actual === undefined ? "absent" : JSON.stringify(actual)}`;
}

function compare(c: FactComparison, actual: FactValue): boolean {
  switch (c.op) {
    case "exists":
      return (actual !== undefined && actual !== "") === c.value;
    case "eq":
      return actual === c.value;
    case "ne":
      return actual !== c.value;
    case "in":
      return actual !== undefined && (c.value as Array<string | number>).includes(actual as string);
    case "not_in":
      return (
        actual === undefined || !(c.value as Array<string | number>).includes(actual as string)
      );
    case "gt":
      return typeof actual === "number" && actual > c.value;
    case "gte":
      return typeof actual === "number" && actual >= c.value;
    case "lt":
      return typeof actual === "number" && actual < c.value;
    case "lte":
      return typeof actual === "number" && actual <= c.value;
    case "between":
      return typeof actual === "number" && actual >= c.value[0] && actual <= c.value[1];
    case "contains":
      return typeof actual === "string" && actual.toLowerCase().includes(c.value.toLowerCase());
    case "starts_with":
      return typeof actual === "string" && actual.toLowerCase().startsWith(c.value.toLowerCase());
    case "ends_with":
      return typeof actual === "string" && actual.toLowerCase().endsWith(c.value.toLowerCase());
  }
}

export function describe(condition: Condition): string {
  if ("all" in condition) return `all(${condition.all.map(describe).join(", ")})`;
  if ("any" in condition) return `any(${condition.any.map(describe).join(", ")})`;
  if ("not" in condition) return `not(${describe(condition.not)})`;
  if ("segment" in condition) return `segment "${condition.segment}"`;
  return `${condition.fact} ${condition.op} ${JSON.stringify(condition.value)}`;
}

/** Every fact name a condition reads, so the edge computes only those. */
export function factsRead(condition: Condition, into: Set<string>): Set<string> {
  if ("all" in condition) for (const c of condition.all) factsRead(c, into);
  else if ("any" in condition) for (const c of condition.any) factsRead(c, into);
  else if ("not" in condition) factsRead(condition.not, into);
  else if ("fact" in condition) into.add(condition.fact);
  return into;
}

export type Predicate = (facts: Facts) => boolean;

/**
 * Compiles a condition into a closure, once per rule at build time: the hot
 * path of every page view evaluates closures, not the JSON tree, and builds no
 * strings. Same semantics as firstFailure (it calls the same comparison).
 */
export function compileCondition(condition: Condition): Predicate {
  if ("all" in condition) {
    const parts = condition.all.map(compileCondition);
    return (facts) => {
      for (const p of parts) if (!p(facts)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const parts = condition.any.map(compileCondition);
    return (facts) => {
      for (const p of parts) if (p(facts)) return true;
      return false;
    };
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not);
    return (facts) => !inner(facts);
  }
  if ("segment" in condition) {
    const name = condition.segment;
    return (facts) => facts.inSegment(name);
  }
  const name = condition.fact;
  return (facts) => compare(condition, facts.fact(name));
}
