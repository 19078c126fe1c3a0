/**
 * Static analysis of a compiled rule set, beyond what the schema can say:
 * conflicts (two rules that can fire for the same page and visitor and write
 * the same place at the same priority — with a concrete witness), rules that
 * can never fire (contradictory conditions or sources, impossible segments),
 * rules always shadowed by a higher-priority rule on every place they write,
 * and segments that can never hold. Pure; reasons with DNF and witnesses.
 * Refuses to guess: a condition too large to expand is not reported on.
 */
import type { BehaviourModel } from "../behaviour/model";
import { jsonPath } from "../json-path";
import type { CompiledRule, CompiledRuleSet } from "../rule-set";
import type { FactComparison } from "../schema/condition";
import { resolvePage, sourceMismatch } from "../select-actions";
import { type Conjunction, describeLiteral, type Literal, toDnf } from "./dnf";
import { describeWitness, findWitness, type Witness } from "./witness";

export interface Diagnostic {
  severity: "error" | "warning";
  file: string;
  path: string;
  message: string;
}

/** A few paths that exercise a rule's source: its patterns and its page types' patterns, filled in. */
function samplePaths(rule: CompiledRule, set: CompiledRuleSet): string[] {
  const patterns = [
    ...(rule.paths ?? []).map((m) => m.pattern),
    ...set.pageTypes
      .filter(([name]) => !rule.pageTypes || rule.pageTypes.has(name))
      .flatMap(([, ms]) => ms.map((m) => m.pattern)),
  ];
  const fill = (p: string) =>
    p
      .split("/")
      .map((part) =>
        part === "**" ? "any/depth" : part === "*" || part.startsWith(":") ? "sample" : part,
      )
      .join("/");
  return [...new Set([...patterns.map(fill), "/", "/some/other/page"])];
}

function accepts(rule: CompiledRule, path: string, set: CompiledRuleSet): boolean {
  return sourceMismatch(rule, resolvePage(set, path)) === undefined;
}

/** Literals that pin the page facts of a witness path. */
function pageLiterals(path: string, set: CompiledRuleSet): Literal[] {
  const page = resolvePage(set, path);
  const type: FactComparison = page.type
    ? { fact: "page.type", op: "eq", value: page.type }
    : { fact: "page.type", op: "exists", value: false };
  return [
    { kind: "fact", test: { fact: "page.path", op: "eq", value: path }, negated: false },
    { kind: "fact", test: type, negated: false },
  ];
}

interface Scenario {
  path: string;
  witness: Witness;
}

/** A page and a visitor for which every one of `rules` fires, if there is one. */
function scenarioFor(
  rules: readonly CompiledRule[],
  dnfs: ReadonlyArray<Conjunction[]>,
  set: CompiledRuleSet,
  model: BehaviourModel,
  impossible: ReadonlySet<string>,
): Scenario | undefined {
  const paths = [...new Set(rules.flatMap((r) => samplePaths(r, set)))].filter((p) =>
    rules.every((r) => accepts(r, p, set)),
  );
  for (const path of paths) {
    let combos: Conjunction[] = [pageLiterals(path, set)];
    for (const dnf of dnfs) {
      const next: Conjunction[] = [];
      for (const left of combos) for (const right of dnf) next.push([...left, ...right]);
      combos = next.slice(0, 4096);
    }
    for (const conj of combos) {
      const witness = findWitness(conj, set, model, impossible);
      if (witness) return { path, witness };
    }
  }
  return undefined;
}

function impossibleSegments(
  model: BehaviourModel,
  set: CompiledRuleSet,
  out: Diagnostic[],
): Set<string> {
  const impossible = new Set<string>();
  for (const segment of model.segments) {
    const at = jsonPath(["segments", segment.index]);
    if (segment.parent && impossible.has(segment.parent)) {
      impossible.add(segment.name);
      out.push({
        severity: "warning",
        file: model.segmentsFile,
        path: at,
        message: `segment '${segment.name}' can never hold: its parent '${segment.parent}' never does`,
      });
      continue;
    }
    const dnf = toDnf(segment.when);
    if (!dnf) continue;
    const parentLiteral: Literal[] = segment.parent
      ? [{ kind: "segment", name: segment.parent, negated: false }]
      : [];
    if (!dnf.some((conj) => findWitness([...parentLiteral, ...conj], set, model, impossible))) {
      impossible.add(segment.name);
      const example = dnf[0]?.map(describeLiteral).join(" and ") ?? "no alternative";
      out.push({
        severity: "warning",
        file: model.segmentsFile,
        path: at,
        message: `segment '${segment.name}' can never hold: no visitor satisfies ${example}`,
      });
    }
  }
  return impossible;
}

export function checkRuleSet(set: CompiledRuleSet): Diagnostic[] {
  const out: Diagnostic[] = [];
  const model = set.behaviour;
  const impossible = impossibleSegments(model, set, out);
  const rules = set.rules.filter((r) => r.enabled);
  const dnf = new Map(rules.map((r) => [r, toDnf(r.when)]));
  const rulePath = (r: CompiledRule, ...rest: PropertyKey[]) =>
    jsonPath(["rules", r.index, ...rest]);

  const canFire = new Set<CompiledRule>();
  for (const rule of rules) {
    const d = dnf.get(rule);
    if (!d) {
      canFire.add(rule);
      continue;
    }
    if (scenarioFor([rule], [d], set, model, impossible)) canFire.add(rule);
    else {
      const reason = samplePaths(rule, set).some((p) => accepts(rule, p, set))
        ? `its condition cannot hold for any visitor (${d.length === 0 ? "it is never true" : d[0]!.map(describeLiteral).join(" and ")})`
        : "its source matches no page";
      out.push({
        severity: "warning",
        file: rule.file,
        path: rulePath(rule),
        message: `rule '${rule.id}' can never fire: ${reason}`,
      });
    }
  }

  // Slots without a declared element: correct, but they make every page slower to stream.
  const reportedSlots = new Set<string>();
  for (const rule of rules) {
    rule.actions.forEach(({ action }, k) => {
      if (!("target" in action) || !("slot" in action.target)) return;
      const slot = action.target.slot;
      if (set.site.slots[slot] || reportedSlots.has(slot)) return;
      reportedSlots.add(slot);
      out.push({
        severity: "warning",
        file: rule.file,
        path: rulePath(rule, "actions", k, "target", "slot"),
        message: `slot '${slot}' has no element in site.json "slots" (e.g. "${slot}": "div"): without it HTMLRewriter must read the attributes of every element on the page`,
      });
    });
  }

  // Conflicts: the same place, the same priority, both can fire together.
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i]!;
      const b = rules[j]!;
      if (a.priority !== b.priority || (a.stack && b.stack) || !canFire.has(a) || !canFire.has(b))
        continue;
      const shared = b.actions
        .map((act, k) => [act, k] as const)
        .filter(([act]) => a.actions.some((x) => x.key === act.key));
      if (shared.length === 0) continue;
      const da = dnf.get(a);
      const db = dnf.get(b);
      if (!da || !db) continue;
      const scenario = scenarioFor([a, b], [da, db], set, model, impossible);
      if (!scenario) continue;
      for (const [act, k] of shared) {
        out.push({
          severity: "error",
          file: b.file,
          path: rulePath(b, "actions", k),
          message: `conflict: rules '${a.id}' and '${b.id}' both write ${act.key} at priority ${a.priority} — e.g. ${describeWitness(scenario.witness, scenario.path)}. Give one a higher priority, or make both stack.`,
        });
      }
    }
  }

  // Always shadowed: every place the rule writes is taken by a higher-priority rule that fires whenever it does.
  for (const b of rules) {
    if (b.stack || !canFire.has(b)) continue;
    const db = dnf.get(b);
    if (!db) continue;
    const bPaths = samplePaths(b, set).filter((p) => accepts(b, p, set));
    const shadowers = b.actions.map((act) =>
      rules.find((a) => {
        if (a.priority <= b.priority || !a.actions.some((x) => x.key === act.key)) return false;
        if (!bPaths.every((p) => accepts(a, p, set))) return false;
        const notA = toDnf(a.when, true);
        if (!notA) return false;
        return bPaths.every((p) =>
          db.every((conj) =>
            notA.every(
              (n) => !findWitness([...pageLiterals(p, set), ...conj, ...n], set, model, impossible),
            ),
          ),
        );
      }),
    );
    if (shadowers.every((s) => s !== undefined)) {
      const by = [...new Set(shadowers.map((s) => `'${s!.id}'`))].join(", ");
      out.push({
        severity: "warning",
        file: b.file,
        path: rulePath(b),
        message: `rule '${b.id}' never applies: every place it writes is always taken first by ${by} (higher priority, fires whenever it does)`,
      });
    }
  }
  return out;
}
