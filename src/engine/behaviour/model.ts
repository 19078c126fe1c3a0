/**
 * Types of the compiled behaviour model (signals + segments) and of a visitor's
 * state under it. Plain data, JSON-serialisable, so the Durable Object stores
 * it as one row and the engine stays free of storage concerns.
 */

import type { Contribution, Signal } from "../schema/behaviour";
import type { Condition } from "../schema/condition";
import type { EventType } from "../schema/event";

export interface CompiledSignal {
  def: Signal;
  /** Contributions by event type, for O(1) dispatch. */
  from: ReadonlyMap<EventType, readonly Contribution[]>;
  resetOn: ReadonlySet<EventType>;
  perPage: boolean;
}

export interface CompiledSegment {
  name: string;
  /** Position in segments.json, for `$.segments[i]` paths. */
  index: number;
  parent?: string;
  when: Condition;
  ttlMs?: number;
}

export interface BehaviourModel {
  signals: ReadonlyMap<string, CompiledSignal>;
  /** Signals each event type touches (contributes to or resets). */
  byEvent: ReadonlyMap<EventType, readonly CompiledSignal[]>;
  /** Parents (and referenced segments) before the segments that depend on them. */
  segments: readonly CompiledSegment[];
  /** Signal comparisons that rules (not segments) read: they bound snapshot validity too. */
  watched: readonly Condition[];
  /** Where the segments came from, for diagnostics. */
  segmentsFile: string;
}

/** One signal's stored state: `v` its value at time `t` (ms). */
export interface SignalState {
  v: number;
  t: number;
}

export interface Membership {
  since: number;
  /** The last time the condition held; sticky segments stay until lastHeld + ttl. */
  lastHeld: number;
}

/** The device and network context the client tag last reported. */
export interface DeviceContext {
  ect?: string;
  saveData?: boolean;
  downlink?: number;
  screenW?: number;
  screenH?: number;
  dpr?: number;
  touch?: boolean;
}

export interface VisitorModelState {
  page?: { path: string; type?: string };
  context?: DeviceContext;
  signals: Record<string, SignalState>;
  segments: Record<string, Membership>;
}

export const emptyModelState = (): VisitorModelState => ({ signals: {}, segments: {} });
