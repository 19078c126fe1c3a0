/**
 * Finds a concrete visitor for which a conjunction of literals holds — fact
 * values and segment memberships — or proves per fact that none exists among
 * the values that matter. Candidates are the constants the literals mention,
 * their neighbours and midpoints, and each fact's domain (enum values, hour
 * 0–23, a score between 0 and its cap, a share between 0 and 1, absent); each
 * candidate is tested with the engine's own comparison, so the checker and the
 * runtime can never disagree on what a condition means.
 */
import type { BehaviourModel } from "../behaviour/model";
import { firstFailure } from "../evaluate-condition";
import type { CompiledRuleSet } from "../rule-set";
import { type FactValue, factKind } from "../schema/facts";
import type { Conjunction, Literal } from "./dnf";

export interface Witness {
  facts: Record<string, FactValue>;
  segments: string[];
}

/** Facts the edge always knows (they can never be absent). */
const ALWAYS_PRESENT = new Set([
  "device.type",
  "device.os",
  "network.saveData",
  "visitor.returning",
  "time.hour",
  "time.weekday",
  "page.path",
  "referrer.kind",
]);

interface Domain {
  values?: readonly FactValue[];
  min?: number;
  max?: number;
  integer?: boolean;
  absentAllowed: boolean;
  kind: "number" | "string" | "boolean" | "enum";
}

export function domainOf(fact: string, set: CompiledRuleSet, model: BehaviourModel): Domain {
  if (fact === "page.type" || fact === "visitor.pageType") {
    return { kind: "enum", values: set.pageTypes.map(([name]) => name), absentAllowed: true };
  }
  if (fact === "time.hour")
    return { kind: "number", min: 0, max: 23, integer: true, absentAllowed: false };
  if (fact.startsWith("signal.")) {
    const def = model.signals.get(fact.slice("signal.".length))?.def;
    const d: Domain = { kind: "number", absentAllowed: true };
    if (def?.kind === "score") Object.assign(d, { min: 0, max: def.cap });
    if (def?.kind === "share") Object.assign(d, { min: 0, max: 1 });
    if (def?.kind === "since") d.min = 0;
    if (def?.kind === "sum") Object.assign(d, { min: def.min, max: def.max });
    return d;
  }
  const kind = factKind(fact);
  const absentAllowed = !ALWAYS_PRESENT.has(fact);
  if (kind?.kind === "enum") return { kind: "enum", values: kind.values, absentAllowed };
  if (kind?.kind === "boolean") return { kind: "boolean", values: [true, false], absentAllowed };
  if (kind?.kind === "number")
    return { kind: "number", absentAllowed, min: fact.startsWith("network.") ? 0 : undefined };
  return { kind: "string", absentAllowed };
}

function candidates(domain: Domain, literals: readonly Literal[]): FactValue[] {
  const out: FactValue[] = [];
  if (domain.absentAllowed) out.push(undefined);
  if (domain.values) return [...out, ...domain.values];
  const constants = literals.flatMap((l) => {
    if (l.kind !== "fact") return [];
    const v = l.test.value;
    return Array.isArray(v) ? v : [v];
  });
  if (domain.kind === "number") {
    const nums = [...new Set(constants.filter((c): c is number => typeof c === "number"))].sort(
      (a, b) => a - b,
    );
    const points = new Set<number>();
    for (const n of nums) for (const d of [-1, -0.5, -0.001, 0, 0.001, 0.5, 1]) points.add(n + d);
    for (let i = 1; i < nums.length; i++) points.add((nums[i - 1]! + nums[i]!) / 2);
    for (const bound of [domain.min, domain.max, 0, 1]) if (bound !== undefined) points.add(bound);
    for (const p of [...points].sort((a, b) => a - b)) {
      if (domain.integer && !Number.isInteger(p)) continue;
      if (domain.min !== undefined && p < domain.min) continue;
      if (domain.max !== undefined && p > domain.max) continue;
      out.push(p);
    }
    return out;
  }
  const strings = constants.filter((c): c is string => typeof c === "string");
  const starts = literals.flatMap((l) =>
    l.kind === "fact" && !l.negated && l.test.op === "starts_with" ? [l.test.value] : [],
  );
  const ends = literals.flatMap((l) =>
    l.kind === "fact" && !l.negated && l.test.op === "ends_with" ? [l.test.value] : [],
  );
  const contains = literals.flatMap((l) =>
    l.kind === "fact" && !l.negated && l.test.op === "contains" ? [l.test.value] : [],
  );
  const composed = `${starts.join("")}${contains.join("")}${ends.join("")}`;
  return [...out, ...strings, composed || "x", `${composed}-other`, "other-value"];
}

function holds(literal: Literal, value: FactValue): boolean {
  if (literal.kind !== "fact") return true;
  const failed = firstFailure(literal.test, { fact: () => value, inSegment: () => false });
  return (failed === undefined) !== literal.negated;
}

/** Segments a literal set forces in and out, closed under "a member of a child is a member of its parent". */
function segmentsFor(
  literals: readonly Literal[],
  model: BehaviourModel,
  impossible: ReadonlySet<string>,
) {
  const parents = new Map(model.segments.map((s) => [s.name, s.parent]));
  const members = new Set<string>();
  const excluded = new Set<string>();
  for (const l of literals) if (l.kind === "segment") (l.negated ? excluded : members).add(l.name);
  for (const name of [...members]) {
    for (let p = parents.get(name); p !== undefined; p = parents.get(p)) members.add(p);
  }
  for (const name of members) if (excluded.has(name) || impossible.has(name)) return undefined;
  return [...members].sort();
}

export function findWitness(
  conjunction: Conjunction,
  set: CompiledRuleSet,
  model: BehaviourModel,
  impossibleSegments: ReadonlySet<string> = new Set(),
): Witness | undefined {
  const segments = segmentsFor(conjunction, model, impossibleSegments);
  if (!segments) return undefined;
  const byFact = new Map<string, Literal[]>();
  for (const l of conjunction)
    if (l.kind === "fact") byFact.set(l.test.fact, [...(byFact.get(l.test.fact) ?? []), l]);
  const facts: Record<string, FactValue> = {};
  for (const [fact, literals] of byFact) {
    const options = candidates(domainOf(fact, set, model), literals);
    const index = options.findIndex((v) => literals.every((l) => holds(l, v)));
    if (index < 0) return undefined;
    facts[fact] = options[index];
  }
  return { facts, segments };
}

export function describeWitness(w: Witness, path?: string): string {
  const parts: string[] = [];
  if (path) parts.push(`page ${path}`);
  const facts = Object.entries(w.facts)
    .filter(([k]) => !(path && k === "page.path"))
    .map(([k, v]) => `${k}=${v === undefined ? "(absent)" : JSON.stringify(v)}`);
  if (facts.length > 0) parts.push(facts.join(", "));
  parts.push(w.segments.length > 0 ? `segments [${w.segments.join(", ")}]` : "no segments");
  return parts.join("; ");
}
