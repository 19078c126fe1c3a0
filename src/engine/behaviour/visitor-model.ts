/**
 * The whole life of one visitor's behavioural state, as pure functions the
 * Durable Object calls: ingest a batch, advance time (alarm), and take a
 * snapshot for the page path. Returns what changed so the caller decides what
 * to persist (KV only when membership changes).
 */
import type { Event } from "../schema/event";
import type { BehaviourModel, VisitorModelState } from "./model";
import { nextChangeAt } from "./next-change";
import { evaluateSegments, type MembershipChange } from "./segments";
import { applyEvent, readSignal } from "./signals";

export interface SegmentSnapshot {
  segments: string[];
  /** Values at `at` of the signals that rules read. */
  signals: Record<string, number>;
  at: number;
  /** The snapshot may be used until then (the next change by time alone); absent = until the next event. */
  validUntil?: number;
}

function merge(into: MembershipChange, from: MembershipChange): void {
  for (const name of from.entered) {
    if (into.left.includes(name)) into.left.splice(into.left.indexOf(name), 1);
    else into.entered.push(name);
  }
  for (const name of from.left) {
    if (into.entered.includes(name)) into.entered.splice(into.entered.indexOf(name), 1);
    else into.left.push(name);
  }
}

/** Brings time-driven transitions up to `now`, exactly at their crossing. */
export function advance(
  model: BehaviourModel,
  state: VisitorModelState,
  now: number,
): MembershipChange {
  const change: MembershipChange = { entered: [], left: [] };
  // Evaluate just before `now` too: a condition that stops holding at a crossing
  // held until that instant, which is when a sticky membership's ttl starts.
  merge(change, evaluateSegments(model, state, now - 1));
  merge(change, evaluateSegments(model, state, now));
  return change;
}

export interface PagedEvent {
  event: Event;
  pageType?: string;
}

export function ingest(
  model: BehaviourModel,
  state: VisitorModelState,
  events: readonly PagedEvent[],
  now: number,
): MembershipChange {
  const change = advance(model, state, now);
  for (const { event, pageType } of events) applyEvent(model, state, event, pageType, now);
  merge(change, evaluateSegments(model, state, now));
  return change;
}

export function snapshot(
  model: BehaviourModel,
  state: VisitorModelState,
  signalNames: Iterable<string>,
  now: number,
): SegmentSnapshot {
  const signals: Record<string, number> = {};
  for (const name of signalNames) {
    const v = readSignal(model, state, name, now);
    if (v !== undefined) signals[name] = Math.round(v * 1000) / 1000;
  }
  return {
    segments: Object.keys(state.segments).sort(),
    signals,
    at: now,
    validUntil: nextChangeAt(model, state, now),
  };
}
