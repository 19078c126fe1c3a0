/**
 * Replays an event sequence through the engine the Worker runs — signals,
 * segments, time-driven transitions (found exactly through nextChangeAt, not by
 * polling) — on a virtual clock, and evaluates the rules on given pages along
 * the way, with the first failing condition of each rule that does not fire.
 * No I/O here: parsing files and printing live in rules-simulate.ts.
 */

import { decideForPage } from "../collect/decisions";
import { type DeviceContext, emptyModelState } from "../engine/behaviour/model";
import { nextChangeAt } from "../engine/behaviour/next-change";
import { readSignal } from "../engine/behaviour/signals";
import { advance, ingest } from "../engine/behaviour/visitor-model";
import type { CompiledRuleSet } from "../engine/rule-set";
import { Event } from "../engine/schema/event";
import { resolvePage } from "../engine/select-actions";

export interface TimedEvent {
  /** Milliseconds since the start of the scenario. */
  offset: number;
  event: unknown;
}

export interface Scenario {
  start: number;
  headers: Record<string, string>;
  pages: string[];
  events: TimedEvent[];
  context?: DeviceContext;
  /** How long to keep the clock running after the last event, for time-driven changes. */
  afterMs: number;
}

export interface RuleVerdict {
  id: string;
  fired: boolean;
  reason?: string;
}

export interface Step {
  offset: number;
  kind: "event" | "time";
  event?: { type: string; page?: string; props: unknown };
  rejected?: string;
  signals: Record<string, number>;
  entered: string[];
  left: string[];
  /** Rules firing on each page right after a membership change. */
  firing?: Record<string, string[]>;
}

export interface SimulationResult {
  steps: Step[];
  final: { offset: number; segments: string[]; signals: Record<string, number> };
  pages: Array<{ path: string; rules: RuleVerdict[] }>;
}

const round = (v: number) => Math.round(v * 100) / 100;

function allSignals(
  set: CompiledRuleSet,
  state: ReturnType<typeof emptyModelState>,
  now: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of set.behaviour.signals.keys()) {
    const v = readSignal(set.behaviour, state, name, now);
    if (v !== undefined) out[name] = round(v);
  }
  return out;
}

function changed(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = v;
  return out;
}

export function evaluatePages(
  set: CompiledRuleSet,
  scenario: Scenario,
  segments: ReadonlySet<string>,
  signals: Record<string, number>,
  now: number,
): Array<{ path: string; rules: RuleVerdict[] }> {
  const request = new Request("https://shop.example/", { headers: scenario.headers });
  const state = { segments, signals, source: "simulation" };
  return scenario.pages.map((path) => {
    const decision = decideForPage({
      rules: set,
      request,
      pagePath: path,
      returning: true,
      state,
      now,
      explain: true,
    });
    return {
      path,
      rules: decision.trace.map((t) =>
        t.fired ? { id: t.ruleId, fired: true } : { id: t.ruleId, fired: false, reason: t.reason },
      ),
    };
  });
}

export function simulate(set: CompiledRuleSet, scenario: Scenario): SimulationResult {
  const model = set.behaviour;
  const state = emptyModelState();
  if (scenario.context) state.context = scenario.context;
  const steps: Step[] = [];
  let signals: Record<string, number> = {};
  let seq = 0;
  const firing = (now: number) =>
    Object.fromEntries(
      evaluatePages(
        set,
        scenario,
        new Set(Object.keys(state.segments)),
        allSignals(set, state, now),
        now,
      ).map((p) => [p.path, p.rules.filter((r) => r.fired).map((r) => r.id)]),
    );
  const record = (step: Omit<Step, "signals" | "firing">, now: number) => {
    const after = allSignals(set, state, now);
    const membershipChanged = step.entered.length > 0 || step.left.length > 0;
    steps.push({
      ...step,
      signals: changed(signals, after),
      ...(membershipChanged ? { firing: firing(now) } : {}),
    });
    signals = after;
  };
  /** Runs every time-driven transition due up to `until`, at its exact moment. */
  const runClockTo = (until: number) => {
    for (let guard = 0; guard < 10_000; guard++) {
      const due = nextChangeAt(model, state, scenario.start + (steps.at(-1)?.offset ?? 0));
      if (due === undefined || due > until) return;
      const change = advance(model, state, due);
      if (change.entered.length > 0 || change.left.length > 0)
        record({ offset: due - scenario.start, kind: "time", ...change }, due);
      else
        steps.push({
          offset: due - scenario.start,
          kind: "time",
          signals: {},
          entered: [],
          left: [],
        });
    }
  };

  const events = [...scenario.events].sort((a, b) => a.offset - b.offset);
  for (const { offset, event: raw } of events) {
    const now = scenario.start + offset;
    runClockTo(now - 1);
    const withDefaults =
      raw && typeof raw === "object"
        ? { id: `sim-${String(++seq).padStart(8, "0")}`, ts: now, props: {}, ...(raw as object) }
        : raw;
    const parsed = Event.safeParse(withDefaults);
    if (!parsed.success) {
      steps.push({
        offset,
        kind: "event",
        rejected: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
        signals: {},
        entered: [],
        left: [],
      });
      continue;
    }
    const event = parsed.data;
    const pageType = event.page ? resolvePage(set, event.page).type : undefined;
    const change = ingest(model, state, [{ event, pageType }], now);
    record(
      {
        offset,
        kind: "event",
        event: { type: event.type, page: event.page, props: event.props },
        ...change,
      },
      now,
    );
  }
  const last = scenario.start + (events.at(-1)?.offset ?? 0);
  runClockTo(last + scenario.afterMs);
  const end = Math.max(last + scenario.afterMs, scenario.start + (steps.at(-1)?.offset ?? 0));
  advance(model, state, end);
  const finalSignals = allSignals(set, state, end);
  const segments = Object.keys(state.segments).sort();
  return {
    // Alarms that changed nothing are noise in a timeline.
    steps: steps.filter((s) => s.kind === "event" || s.entered.length > 0 || s.left.length > 0),
    final: { offset: end - scenario.start, segments, signals: finalSignals },
    pages: evaluatePages(set, scenario, new Set(segments), finalSignals, end),
  };
}
