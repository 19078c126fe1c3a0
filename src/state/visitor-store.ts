/**
 * The Visitor object's SQLite storage: the events table (deduplicated by event
 * id, bounded by count and age) and one row of model state. Stored-row types are
 * kept apart from API types. Refuses nothing; it only stores what the object
 * has already validated. Layout documented in docs/storage.md.
 */
import type { VisitorModelState } from "../engine/behaviour/model";
import { emptyModelState } from "../engine/behaviour/model";
import type { Event } from "../engine/schema/event";

export const RETENTION = { maxEvents: 500, maxAgeMs: 30 * 24 * 60 * 60 * 1000 } as const;

/** What one row of `visitor` holds. */
interface VisitorRow extends Record<string, SqlStorageValue> {
  visitor_id: string | null;
  state: string;
  rate_tokens: number;
  rate_at: number;
}

export interface StoredVisitor {
  visitorId?: string;
  model: VisitorModelState;
  rate: { tokens: number; at: number };
}

export interface StoredEvent {
  id: string;
  type: string;
  receivedAt: number;
  page: string | null;
  props: Record<string, string | number | boolean | null>;
}

export class VisitorStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      client_ts INTEGER NOT NULL,
      page TEXT,
      props TEXT NOT NULL
    )`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS events_by_time ON events (received_at)");
    this.sql.exec(`CREATE TABLE IF NOT EXISTS visitor (
      key INTEGER PRIMARY KEY CHECK (key = 1),
      visitor_id TEXT,
      state TEXT NOT NULL,
      rate_tokens REAL NOT NULL,
      rate_at INTEGER NOT NULL
    )`);
  }

  load(fullBucket: number, now: number): StoredVisitor {
    const row = this.sql
      .exec<VisitorRow>("SELECT visitor_id, state, rate_tokens, rate_at FROM visitor WHERE key = 1")
      .toArray()[0];
    if (!row) return { model: emptyModelState(), rate: { tokens: fullBucket, at: now } };
    return {
      visitorId: row.visitor_id ?? undefined,
      model: JSON.parse(row.state) as VisitorModelState,
      rate: { tokens: row.rate_tokens, at: row.rate_at },
    };
  }

  save(visitor: StoredVisitor): void {
    this.sql.exec(
      `INSERT INTO visitor (key, visitor_id, state, rate_tokens, rate_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET visitor_id = excluded.visitor_id, state = excluded.state,
         rate_tokens = excluded.rate_tokens, rate_at = excluded.rate_at`,
      visitor.visitorId ?? null,
      JSON.stringify(visitor.model),
      visitor.rate.tokens,
      visitor.rate.at,
    );
  }

  /** Stores the event unless its id is known; returns whether it was new. */
  insertEvent(event: Event, receivedAt: number): boolean {
    const cursor = this.sql.exec(
      "INSERT INTO events (id, type, received_at, client_ts, page, props) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      event.id,
      event.type,
      receivedAt,
      event.ts,
      event.page ?? null,
      JSON.stringify(event.props),
    );
    return cursor.rowsWritten > 0;
  }

  /** Drops events beyond the retention age, then the oldest beyond the retention count (via the time index). */
  prune(now: number): void {
    this.sql.exec("DELETE FROM events WHERE received_at < ?", now - RETENTION.maxAgeMs);
    const excess = this.countEvents() - RETENTION.maxEvents;
    if (excess > 0) {
      this.sql.exec(
        "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY received_at ASC, rowid ASC LIMIT ?)",
        excess,
      );
    }
  }

  oldestEventAt(): number | undefined {
    const row = this.sql
      .exec<{ t: number | null }>("SELECT MIN(received_at) AS t FROM events")
      .one();
    return row.t ?? undefined;
  }

  countEvents(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n;
  }

  recentEvents(limit: number): StoredEvent[] {
    return this.sql
      .exec<{ id: string; type: string; received_at: number; page: string | null; props: string }>(
        "SELECT id, type, received_at, page, props FROM events ORDER BY received_at DESC, rowid DESC LIMIT ?",
        limit,
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        type: r.type,
        receivedAt: r.received_at,
        page: r.page,
        props: JSON.parse(r.props),
      }));
  }
}
