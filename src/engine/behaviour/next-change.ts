/**
 * When can a segment (or a signal comparison a rule reads) next change by the
 * passage of time alone, with no new event? Decayed scores cross a threshold at
 * t0 + h·log2(v0/x); "since" signals cross at t0 + x; sticky memberships end at
 * lastHeld + ttl. The earliest of these is the visitor's one alarm. Exact and
 * O(number of comparisons); no polling.
 */
import type { Condition } from "../schema/condition";
import type { BehaviourModel, VisitorModelState } from "./model";

/** The first moment after `now` at which `signal.<name> op value` may change truth value by time alone. */
function leafChangeAt(
  model: BehaviourModel,
  state: VisitorModelState,
  condition: Extract<Condition, { fact: string }>,
  now: number,
): number | undefined {
  if (!condition.fact.startsWith("signal.")) return undefined;
  const name = condition.fact.slice("signal.".length);
  const def = model.signals.get(name)?.def;
  const s = state.signals[name];
  if (!def || !s) return undefined;
  const thresholds =
    condition.op === "between"
      ? condition.value
      : ["gt", "gte", "lt", "lte"].includes(condition.op)
        ? [condition.value as number]
        : [];
  let earliest: number | undefined;
  for (const x of thresholds) {
    let at: number | undefined;
    if (def.kind === "score" && s.v > 0 && x > 0 && x < s.v) {
      at = s.t + def.halfLifeSeconds * 1000 * Math.log2(s.v / x);
    } else if (def.kind === "since" && x >= 0) {
      at = s.t + x * 1000;
    }
    // One millisecond past the crossing, so "gt"/"gte" have already flipped when we look.
    if (at !== undefined) {
      const after = Math.floor(at) + 1;
      if (after > now && (earliest === undefined || after < earliest)) earliest = after;
    }
  }
  return earliest;
}

function conditionChangeAt(
  model: BehaviourModel,
  state: VisitorModelState,
  c: Condition,
  now: number,
): number | undefined {
  const children = "all" in c ? c.all : "any" in c ? c.any : "not" in c ? [c.not] : undefined;
  if (children) return min(children.map((child) => conditionChangeAt(model, state, child, now)));
  if ("fact" in c) return leafChangeAt(model, state, c, now);
  return undefined;
}

const min = (values: ReadonlyArray<number | undefined>) =>
  values.reduce<number | undefined>(
    (m, v) => (v !== undefined && (m === undefined || v < m) ? v : m),
    undefined,
  );

export function nextChangeAt(
  model: BehaviourModel,
  state: VisitorModelState,
  now: number,
): number | undefined {
  const times: Array<number | undefined> = [];
  for (const segment of model.segments) {
    times.push(conditionChangeAt(model, state, segment.when, now));
    const member = state.segments[segment.name];
    if (member && segment.ttlMs !== undefined) {
      const expires = member.lastHeld + segment.ttlMs;
      if (expires > now) times.push(expires);
    }
  }
  for (const watched of model.watched) times.push(conditionChangeAt(model, state, watched, now));
  return min(times);
}
