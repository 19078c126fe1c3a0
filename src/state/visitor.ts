/**
 * One Durable Object per visitor: the single writer of that visitor's events,
 * signals and segment memberships (SQLite), reached by typed RPC from the
 * Worker. Keeps exactly one alarm, always at the earliest moment something can
 * change by time alone (or retention is due); alarm() is idempotent. Writes the
 * visitor's KV snapshot only when membership changes or an alarm runs, never on
 * every event. Refuses batches over the visitor's rate (token bucket).
 */
import { DurableObject } from "cloudflare:workers";
import { bundledRules } from "../bundled-rules";
import type { DeviceContext } from "../engine/behaviour/model";
import type { MembershipChange } from "../engine/behaviour/segments";
import {
  advance,
  ingest,
  type PagedEvent,
  type SegmentSnapshot,
  snapshot,
} from "../engine/behaviour/visitor-model";
import type { CompiledRuleSet } from "../engine/rule-set";
import { SNAPSHOT_KV_TTL_SECONDS, snapshotKey } from "./snapshot-key";
import { RETENTION, type StoredEvent, type StoredVisitor, VisitorStore } from "./visitor-store";

/** Per-visitor event rate by default: a bucket of 300 events refilled at 5 per second. */
export const RATE = { capacity: 300, perSecond: 5 } as const;

/** The rate in force: EVENT_RATE_CAPACITY / EVENT_RATE_PER_SECOND override the defaults. */
export function rateOf(env: Env): { capacity: number; perSecond: number } {
  const num = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return v !== undefined && v !== "" && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    capacity: num(env.EVENT_RATE_CAPACITY, RATE.capacity),
    perSecond: num(env.EVENT_RATE_PER_SECOND, RATE.perSecond),
  };
}

export type IngestOutcome =
  | {
      ok: true;
      accepted: number;
      duplicates: number;
      snapshot: SegmentSnapshot;
      entered: string[];
      left: string[];
    }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export class Visitor extends DurableObject<Env> {
  private readonly store: VisitorStore;
  private readonly rules: CompiledRuleSet = bundledRules;
  private readonly rate: { capacity: number; perSecond: number };
  /** The server clock. Tests that move time replace it; nothing else does. */
  now: () => number = Date.now;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new VisitorStore(ctx.storage.sql);
    this.rate = rateOf(env);
    ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  /** Stores new events (deduplicated by id), updates signals and segments, answers once committed. */
  async ingest(
    visitorId: string,
    batch: PagedEvent[],
    context?: DeviceContext,
  ): Promise<IngestOutcome> {
    const now = this.now();
    const visitor = this.store.load(this.rate.capacity, now);
    visitor.visitorId ??= visitorId;
    if (context) visitor.model.context = context;
    visitor.rate.tokens = Math.min(
      this.rate.capacity,
      visitor.rate.tokens + ((now - visitor.rate.at) / 1000) * this.rate.perSecond,
    );
    visitor.rate.at = now;
    if (visitor.rate.tokens < batch.length) {
      return {
        ok: false,
        reason: "rate_limited",
        retryAfterSeconds: Math.ceil((batch.length - visitor.rate.tokens) / this.rate.perSecond),
      };
    }
    visitor.rate.tokens -= batch.length;
    const { fresh, change } = this.ctx.storage.transactionSync(() => {
      const fresh = batch.filter((e) => this.store.insertEvent(e.event, now));
      const change = ingest(this.rules.behaviour, visitor.model, fresh, now);
      this.store.prune(now);
      this.store.save(visitor);
      return { fresh, change };
    });
    const snap = await this.settle(visitor, change, now, false);
    return {
      ok: true,
      accepted: fresh.length,
      duplicates: batch.length - fresh.length,
      snapshot: snap,
      ...change,
    };
  }

  /** The visitor's segments and rule-read signals now, time transitions included. */
  async snapshot(visitorId: string): Promise<SegmentSnapshot> {
    const now = this.now();
    const visitor = this.store.load(this.rate.capacity, now);
    visitor.visitorId ??= visitorId;
    const change = advance(this.rules.behaviour, visitor.model, now);
    if (change.entered.length > 0 || change.left.length > 0) this.store.save(visitor);
    return this.settle(visitor, change, now, false);
  }

  /** The device and network context the tag last reported (for debugging and tests). */
  async deviceContext(): Promise<DeviceContext | undefined> {
    return this.store.load(this.rate.capacity, this.now()).model.context;
  }

  /** Recent stored events, newest first (for debugging and tests). */
  async recentEvents(limit = 50): Promise<StoredEvent[]> {
    return this.store.recentEvents(Math.min(Math.max(1, limit), RETENTION.maxEvents));
  }

  override async alarm(): Promise<void> {
    const now = this.now();
    const visitor = this.store.load(this.rate.capacity, now);
    const change = this.ctx.storage.transactionSync(() => {
      const change = advance(this.rules.behaviour, visitor.model, now);
      this.store.prune(now);
      this.store.save(visitor);
      return change;
    });
    if (this.store.countEvents() === 0) {
      // Every event has passed retention, so everything derived from them goes too.
      if (visitor.visitorId)
        await this.env.SEGMENT_SNAPSHOTS.delete(snapshotKey(visitor.visitorId));
      await this.ctx.storage.deleteAll();
      this.store.migrate();
      return;
    }
    await this.settle(visitor, change, now, true);
  }

  /** Writes the KV snapshot when membership changed (or on an alarm) and re-arms the one alarm. */
  private async settle(
    visitor: StoredVisitor,
    change: MembershipChange,
    now: number,
    fromAlarm: boolean,
  ) {
    const snap = snapshot(this.rules.behaviour, visitor.model, this.rules.signalsRead, now);
    const changed = change.entered.length > 0 || change.left.length > 0;
    if ((changed || fromAlarm) && visitor.visitorId) {
      await this.env.SEGMENT_SNAPSHOTS.put(snapshotKey(visitor.visitorId), JSON.stringify(snap), {
        expirationTtl: SNAPSHOT_KV_TTL_SECONDS,
      });
    }
    const oldest = this.store.oldestEventAt();
    const retentionDue = oldest === undefined ? undefined : oldest + RETENTION.maxAgeMs;
    const next = [snap.validUntil, retentionDue].filter((t): t is number => t !== undefined);
    const alarmAt = next.length > 0 ? Math.max(now + 1, Math.min(...next)) : null;
    // Most batches leave the next due time where it was: only touch storage when it moves.
    if (alarmAt !== (await this.ctx.storage.getAlarm())) {
      if (alarmAt === null) await this.ctx.storage.deleteAlarm();
      else await this.ctx.storage.setAlarm(alarmAt);
    }
    return snap;
  }
}
