import { jsonPath, zodErrors } from "../json-path";
import type { RuleError } from "../rule-set";
import {
  type Contribution,
  type Segment,
  SegmentsFile,
  type Signal,
  SignalsFile,
} from "../schema/behaviour";
import type { Condition } from "../schema/condition";
import type { EventType } from "../schema/event";
import type { BehaviourModel, CompiledSegment, CompiledSignal } from "./model";

type Path = readonly PropertyKey[];

/** Reports every name after its first use, at `<list>[i].name`. */
function reportDuplicates(
  items: ReadonlyArray<{ name: string }>,
  file: string,
  list: string,
  what: string,
  errors: RuleError[],
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) {
      errors.push({
        file,
        path: jsonPath([list, i, "name"]),
        message: `${what} '${item.name}' is defined twice`,
      });
    }
    seen.add(item.name);
  });
}

export interface BehaviourSources {
  signals?: { file: string; data: unknown };
  segments?: { file: string; data: unknown };
}

export function compileBehaviour(
  sources: BehaviourSources,
  pageTypes: readonly string[],
  errors: RuleError[],
): BehaviourModel | undefined {
  const before = errors.length;
  const signalsFile = sources.signals?.file ?? "signals.json";
  const segmentsFile = sources.segments?.file ?? "segments.json";
  const signalsParsed = SignalsFile.safeParse(sources.signals?.data ?? { signals: [] });
  const segmentsParsed = SegmentsFile.safeParse(sources.segments?.data ?? { segments: [] });
  if (!signalsParsed.success) errors.push(...zodErrors(signalsFile, signalsParsed.error));
  if (!segmentsParsed.success) errors.push(...zodErrors(segmentsFile, segmentsParsed.error));
  if (!signalsParsed.success || !segmentsParsed.success) return undefined;

  reportDuplicates(signalsParsed.data.signals, signalsFile, "signals", "signal", errors);
  const defs = new Map(signalsParsed.data.signals.map((s) => [s.name, s] as const));
  signalsParsed.data.signals.forEach((s, i) => {
    if (s.kind === "share") {
      s.of.forEach((input, j) => {
        const target = defs.get(input);
        if (!target)
          errors.push({
            file: signalsFile,
            path: jsonPath(["signals", i, "of", j]),
            message: `unknown signal '${input}'`,
          });
        else if (target.kind === "score" || target.kind === "since" || target.kind === "share") {
          errors.push({
            file: signalsFile,
            path: jsonPath(["signals", i, "of", j]),
            message: `a share is taken of sum, max or latest signals; '${input}' is a ${target.kind}`,
          });
        }
      });
    } else {
      s.from.forEach((c, j) => {
        for (const [k, type] of (c.pageTypes ?? []).entries()) {
          if (!pageTypes.includes(type)) {
            errors.push({
              file: signalsFile,
              path: jsonPath(["signals", i, "from", j, "pageTypes", k]),
              message: `unknown page type '${type}'`,
            });
          }
        }
      });
    }
  });

  const segmentDefs = segmentsParsed.data.segments;
  reportDuplicates(segmentDefs, segmentsFile, "segments", "segment", errors);
  const names = new Map(segmentDefs.map((s, i) => [s.name, i] as const));
  const deps = new Map<string, string[]>();
  segmentDefs.forEach((s, i) => {
    const at = ["segments", i] as const;
    const refs: string[] = [];
    if (s.parent !== undefined) {
      if (!names.has(s.parent))
        errors.push({
          file: segmentsFile,
          path: jsonPath([...at, "parent"]),
          message: `unknown parent segment '${s.parent}'`,
        });
      else refs.push(s.parent);
    }
    checkSegmentCondition(s.when, [...at, "when"], defs, pageTypes, names, refs, (path, message) =>
      errors.push({ file: segmentsFile, path: jsonPath(path), message }),
    );
    deps.set(s.name, refs);
  });
  const order = topologicalOrder(segmentDefs, deps, (i, cycle) =>
    errors.push({
      file: segmentsFile,
      path: jsonPath(["segments", i]),
      message: `segments depend on each other in a cycle: ${cycle.join(" → ")}`,
    }),
  );
  if (errors.length > before) return undefined;

  const signals = new Map<string, CompiledSignal>();
  const byEvent = new Map<EventType, CompiledSignal[]>();
  for (const def of defs.values()) {
    const from = new Map<EventType, Contribution[]>();
    if (def.kind !== "share") {
      for (const c of def.from) {
        for (const type of Array.isArray(c.event) ? c.event : [c.event]) {
          from.set(type, [...(from.get(type) ?? []), c]);
        }
      }
    }
    const resetOn = new Set<EventType>("resetOn" in def ? def.resetOn : []);
    const compiled: CompiledSignal = {
      def,
      from,
      resetOn,
      perPage: "perPage" in def && def.perPage,
    };
    signals.set(def.name, compiled);
    for (const type of new Set([...from.keys(), ...resetOn]))
      byEvent.set(type, [...(byEvent.get(type) ?? []), compiled]);
  }
  const segments: CompiledSegment[] = order.map((i) => {
    const s = segmentDefs[i]!;
    return {
      name: s.name,
      index: i,
      parent: s.parent,
      when: s.when,
      ttlMs: s.ttlSeconds === undefined ? undefined : s.ttlSeconds * 1000,
    };
  });
  return { signals, byEvent, segments, watched: [], segmentsFile };
}

function checkSegmentCondition(
  condition: Condition,
  at: Path,
  signals: ReadonlyMap<string, Signal>,
  pageTypes: readonly string[],
  segments: ReadonlyMap<string, number>,
  refs: string[],
  fail: (path: Path, message: string) => void,
): void {
  const recurse = (c: Condition, path: Path) =>
    checkSegmentCondition(c, path, signals, pageTypes, segments, refs, fail);
  if ("all" in condition) {
    for (const [i, c] of condition.all.entries()) recurse(c, [...at, "all", i]);
  } else if ("any" in condition) {
    for (const [i, c] of condition.any.entries()) recurse(c, [...at, "any", i]);
  } else if ("not" in condition) recurse(condition.not, [...at, "not"]);
  else if ("segment" in condition) {
    if (!segments.has(condition.segment))
      fail([...at, "segment"], `unknown segment '${condition.segment}'`);
    else refs.push(condition.segment);
  } else if (condition.fact === "visitor.pageType") {
    for (const v of Array.isArray(condition.value) ? condition.value : [condition.value]) {
      if (condition.op !== "exists" && !pageTypes.includes(String(v)))
        fail([...at, "value"], `unknown page type ${JSON.stringify(v)}`);
    }
  } else if (condition.fact.startsWith("signal.")) {
    const name = condition.fact.slice("signal.".length);
    if (!signals.has(name))
      fail([...at, "fact"], `unknown signal '${name}' (define it in signals.json)`);
    else if (!["exists", "gt", "gte", "lt", "lte", "between", "eq", "ne"].includes(condition.op)) {
      fail([...at, "op"], `'${condition.op}' does not compare numbers`);
    }
  } else {
    fail(
      [...at, "fact"],
      `segments can read 'signal.<name>' and 'visitor.pageType', not '${condition.fact}'`,
    );
  }
}

function topologicalOrder(
  defs: readonly Segment[],
  deps: ReadonlyMap<string, readonly string[]>,
  onCycle: (index: number, cycle: string[]) => void,
): number[] {
  const index = new Map(defs.map((d, i) => [d.name, i]));
  const state = new Map<string, "visiting" | "done">();
  const order: number[] = [];
  const visit = (name: string, stack: string[]): void => {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") {
      onCycle(index.get(name)!, [...stack.slice(stack.indexOf(name)), name]);
      return;
    }
    state.set(name, "visiting");
    for (const dep of deps.get(name) ?? []) if (index.has(dep)) visit(dep, [...stack, name]);
    state.set(name, "done");
    order.push(index.get(name)!);
  };
  for (const d of defs) visit(d.name, []);
  return order;
}
