/**
 * The segment read ladder of the page path: a still-valid signed snapshot
 * cookie → the visitor's KV snapshot → the visitor's Durable Object (RPC) →
 * nothing. Each step is tried only when the one before has no usable answer;
 * the whole ladder runs inside the page's segment budget (readWithBudget).
 */
import type { SegmentSnapshot } from "../engine/behaviour/visitor-model";
import { snapshotKey } from "../state/snapshot-key";
import { readSnapshotCookie, snapshotUsable } from "./snapshot-cookie";
import { NO_STATE, type SegmentReader, stateFromSnapshot } from "./visitor-state";

export function segmentLadder(env: Env, secret: string, now: () => number): SegmentReader {
  return {
    async read(visitorId, request) {
      const fromCookie = await readSnapshotCookie(request, visitorId, secret, now());
      if (fromCookie) return stateFromSnapshot(fromCookie, "cookie");
      const cached = await env.SEGMENT_SNAPSHOTS.get<SegmentSnapshot>(
        snapshotKey(visitorId),
        "json",
      ).catch(() => null);
      if (cached && snapshotUsable(cached, now())) return stateFromSnapshot(cached, "kv", true);
      const stub = env.VISITOR.get(env.VISITOR.idFromName(visitorId));
      const fresh = await stub.snapshot(visitorId);
      return fresh ? stateFromSnapshot(fresh, "object", true) : NO_STATE;
    },
  };
}
