/**
 * Signal arithmetic, O(1) per event and per read. A decayed score keeps its
 * value and the time of its last update; reading it later decays it in closed
 * form, v·2^(−Δt/h), so nothing is recomputed from history. No I/O; `now` is
 * an argument (server time, ms).
 */
import type { Contribution, PropTest } from "../schema/behaviour";
import type { Event } from "../schema/event";
import type { BehaviourModel, CompiledSignal, SignalState, VisitorModelState } from "./model";

export const decay = (value: number, elapsedMs: number, halfLifeSeconds: number) =>
  elapsedMs <= 0 ? value : value * 2 ** (-elapsedMs / (halfLifeSeconds * 1000));

function propOf(event: Event, name: string): unknown {
  return (event.props as Record<string, unknown>)[name];
}

function testProp(event: Event, test: PropTest): boolean {
  const actual = propOf(event, test.prop);
  const v = test.value;
  switch (test.op) {
    case "eq":
      return actual === v;
    case "ne":
      return actual !== v;
    case "in":
      return Array.isArray(v) && v.includes(actual as string);
    case "gt":
      return typeof actual === "number" && actual > (v as number);
    case "gte":
      return typeof actual === "number" && actual >= (v as number);
    case "lt":
      return typeof actual === "number" && actual < (v as number);
    case "lte":
      return typeof actual === "number" && actual <= (v as number);
  }
}

/** What one event adds to a signal through one contribution, or undefined if it does not apply. */
export function amountOf(
  c: Contribution,
  event: Event,
  pageType: string | undefined,
): number | undefined {
  if (c.pageTypes && !(pageType && c.pageTypes.includes(pageType))) return undefined;
  if (!c.where.every((t) => testProp(event, t))) return undefined;
  const base = c.prop === undefined ? 1 : propOf(event, c.prop);
  const times = c.times === undefined ? 1 : propOf(event, c.times);
  if (typeof base !== "number" || typeof times !== "number") return undefined;
  return base * times * c.weight;
}

function update(
  signal: CompiledSignal,
  prior: SignalState | undefined,
  amount: number,
  now: number,
): SignalState {
  const def = signal.def;
  switch (def.kind) {
    case "score": {
      const v = decay(prior?.v ?? 0, now - (prior?.t ?? now), def.halfLifeSeconds) + amount;
      return { v: def.cap === undefined ? v : Math.min(v, def.cap), t: now };
    }
    case "sum": {
      let v = (prior?.v ?? 0) + amount;
      if (def.min !== undefined) v = Math.max(v, def.min);
      if (def.max !== undefined) v = Math.min(v, def.max);
      return { v, t: now };
    }
    case "max":
      return { v: prior ? Math.max(prior.v, amount) : amount, t: now };
    case "latest":
      return { v: amount, t: now };
    case "since":
      return { v: 0, t: now };
    case "share":
      return prior ?? { v: 0, t: now };
  }
}

/** Applies one (already validated, deduplicated) event to the signals it touches. */
export function applyEvent(
  model: BehaviourModel,
  state: VisitorModelState,
  event: Event,
  pageType: string | undefined,
  now: number,
): void {
  if (event.type === "page_view" && event.page) {
    if (state.page?.path !== event.page || state.page.type !== pageType) {
      for (const [name, s] of model.signals) if (s.perPage) delete state.signals[name];
    }
    state.page = { path: event.page, type: pageType };
  }
  for (const signal of model.byEvent.get(event.type) ?? []) {
    const name = signal.def.name;
    if (signal.resetOn.has(event.type)) delete state.signals[name];
    for (const c of signal.from.get(event.type) ?? []) {
      const amount = amountOf(c, event, pageType);
      if (amount !== undefined)
        state.signals[name] = update(signal, state.signals[name], amount, now);
    }
  }
}

/** A signal's value at `now`, or undefined when nothing has fed it yet. */
export function readSignal(
  model: BehaviourModel,
  state: VisitorModelState,
  name: string,
  now: number,
): number | undefined {
  const signal = model.signals.get(name);
  if (!signal) return undefined;
  const def = signal.def;
  if (def.kind === "share") {
    const a = readSignal(model, state, def.of[0], now) ?? 0;
    const b = readSignal(model, state, def.of[1], now) ?? 0;
    return a + b === 0 ? undefined : a / (a + b);
  }
  const s = state.signals[name];
  if (!s) return undefined;
  if (def.kind === "score") return decay(s.v, now - s.t, def.halfLifeSeconds);
  if (def.kind === "since") return Math.max(0, (now - s.t) / 1000);
  return s.v;
}
