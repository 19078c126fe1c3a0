/**
 * What the page path knows about a visitor's behaviour: segment membership and
 * signal values, and the reader interface the state layer implements. Reading
 * is bounded by a strict time budget and fails open to "no segments": a slow or
 * broken state layer costs the shopper personalization, never the page.
 */
import type { SegmentSnapshot } from "../engine/behaviour/visitor-model";
import { withDeadline } from "./deadline";

export interface VisitorState {
  segments: ReadonlySet<string>;
  signals: Readonly<Record<string, number>>;
  /** Where the state came from (cookie, kv, object, none, timeout, error), for Server-Timing and traces. */
  source: string;
  /** A snapshot fetched from KV or the Durable Object, to hand back to the browser as a cookie. */
  refresh?: SegmentSnapshot;
}

export interface SegmentReader {
  read(visitorId: string, request: Request): Promise<VisitorState>;
}

export const NO_STATE: VisitorState = Object.freeze({
  segments: new Set<string>(),
  signals: {},
  source: "none",
});

export const emptyReader: SegmentReader = { read: async () => NO_STATE };

export const stateFromSnapshot = (
  snap: SegmentSnapshot,
  source: string,
  refresh = false,
): VisitorState => ({
  segments: new Set(snap.segments),
  signals: snap.signals,
  source,
  refresh: refresh ? snap : undefined,
});

export async function readWithBudget(
  reader: SegmentReader,
  visitorId: string,
  request: Request,
  budgetMs: number,
): Promise<VisitorState> {
  const read = reader
    .read(visitorId, request)
    .catch((): VisitorState => ({ ...NO_STATE, source: "error" }));
  return withDeadline(read, budgetMs, (): VisitorState => ({ ...NO_STATE, source: "timeout" }));
}
