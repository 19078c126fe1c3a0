/** The Visitor Durable Object in workerd: dedupe, retention, rate, alarms, KV snapshots. */

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PagedEvent } from "../../src/engine/behaviour/visitor-model";
import { Event } from "../../src/engine/schema/event";
import { snapshotKey } from "../../src/state/snapshot-key";
import type { Visitor } from "../../src/state/visitor";
import { RETENTION } from "../../src/state/visitor-store";

const MIN = 60_000;
let counter = 0;
const uniqueVisitor = () => `visitor-${Date.now()}-${++counter}`;

function ev(
  type: string,
  props: Record<string, unknown> = {},
  id = `e${String(++counter).padStart(10, "0")}`,
  page = "/products/aero-14-laptop",
): PagedEvent {
  const pageType = page.startsWith("/products/")
    ? "product"
    : page === "/compare"
      ? "compare"
      : undefined;
  return { event: Event.parse({ id, type, ts: Date.now(), page, props }), pageType };
}

function stubFor(id: string) {
  return env.VISITOR.get(env.VISITOR.idFromName(id));
}

/** Moves the object's clock (the one seam tests use to make time pass). */
async function setClock(stub: DurableObjectStub<Visitor>, at: number) {
  await runInDurableObject(stub, (instance: Visitor) => {
    instance.now = () => at;
  });
}

describe("Visitor object", () => {
  it("stores events once: a retried event id is a duplicate, within and across batches", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    const a = ev("click", {}, "dup-event-0001");
    const first = await stub.ingest(id, [a, a, ev("click")]);
    expect(first).toMatchObject({ ok: true, accepted: 2, duplicates: 1 });
    const again = await stub.ingest(id, [a]);
    expect(again).toMatchObject({ ok: true, accepted: 0, duplicates: 1 });
    expect(
      (await stub.recentEvents(10)).map((e) => e.id).filter((x) => x === "dup-event-0001"),
    ).toHaveLength(1);
  });

  it("keeps at most the retention count, newest first", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    for (let batch = 0; batch < 6; batch++) {
      await stub.ingest(
        id,
        Array.from({ length: 100 }, () => ev("click")),
      );
      await setClock(stub, Date.now() + (batch + 1) * 120_000); // refill the rate bucket between batches
    }
    const count = await runInDurableObject(
      stub,
      (_i, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
    );
    expect(count).toBe(RETENTION.maxEvents);
  });

  it("drops events past the retention age when its alarm runs, and forgets an idle visitor entirely", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    const t0 = Date.now();
    await setClock(stub, t0);
    await stub.ingest(id, [ev("click")]);
    const alarmAt = await runInDurableObject(stub, (_i, state) => state.storage.getAlarm());
    // A click alone: the next thing due is the 30-minute idle comparison.
    expect(alarmAt).toBe(t0 + 30 * MIN + 1);
    await setClock(stub, t0 + RETENTION.maxAgeMs + 1);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await runInDurableObject(stub, (_i, state) => ({
      events: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
      visitor: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM visitor").one().n,
    }));
    expect(left).toEqual({ events: 0, visitor: 0 });
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await env.SEGMENT_SNAPSHOTS.get(snapshotKey(id))).toBeNull();
    // The object is still usable afterwards, as a new visitor.
    expect(await stub.ingest(id, [ev("click")])).toMatchObject({ ok: true, accepted: 1 });
  });

  it("limits a visitor's event rate with 429-style outcomes and a retry time", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    const t0 = Date.now();
    await setClock(stub, t0);
    for (let i = 0; i < 3; i++)
      expect(
        (
          await stub.ingest(
            id,
            Array.from({ length: 100 }, () => ev("click")),
          )
        ).ok,
      ).toBe(true);
    const limited = await stub.ingest(
      id,
      Array.from({ length: 10 }, () => ev("click")),
    );
    expect(limited).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 2 });
    await setClock(stub, t0 + 2000);
    expect(
      (
        await stub.ingest(
          id,
          Array.from({ length: 10 }, () => ev("click")),
        )
      ).ok,
    ).toBe(true);
  });

  it("schedules its one alarm at the exact moment a cart turns abandoned, and the alarm makes the transition", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    const t0 = Date.now();
    await setClock(stub, t0);
    const result = await stub.ingest(id, [
      ev("page_view", {}, undefined, "/products/aero-14-laptop"),
      ev("add_to_cart", { product: "aero-14-laptop", price: 1299 }),
      ev("page_view", {}, undefined, "/compare"),
    ]);
    expect(result).toMatchObject({ ok: true, entered: ["High Intent"] });
    expect(await runInDurableObject(stub, (_i, s) => s.storage.getAlarm())).toBe(t0 + 30 * MIN + 1);
    // The KV snapshot was written because membership changed.
    const written = await env.SEGMENT_SNAPSHOTS.get<{ segments: string[] }>(
      snapshotKey(id),
      "json",
    );
    expect(written?.segments).toEqual(["High Intent"]);

    // An early alarm changes nothing and re-arms the same time (idempotent).
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_i, s) => s.storage.getAlarm())).toBe(t0 + 30 * MIN + 1);
    expect((await stub.snapshot(id)).segments).toEqual(["High Intent"]);

    await setClock(stub, t0 + 30 * MIN + 1);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runDurableObjectAlarm(stub)).toBe(true); // running it twice is harmless
    const snap = await stub.snapshot(id);
    expect(snap.segments).toEqual(["Cart Abandoner (High Intent)", "High Intent"]);
    const kv = await env.SEGMENT_SNAPSHOTS.get<{ segments: string[] }>(snapshotKey(id), "json");
    expect(kv?.segments).toEqual(["Cart Abandoner (High Intent)", "High Intent"]);
  });

  it("writes the KV snapshot only when membership changes, not on every event", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    await stub.ingest(id, [ev("click")]);
    expect(await env.SEGMENT_SNAPSHOTS.get(snapshotKey(id))).toBeNull();
    await stub.ingest(id, [ev("add_to_cart", { product: "a", price: 5 }), ev("checkout_start")]);
    const first = await env.SEGMENT_SNAPSHOTS.get<{ at: number }>(snapshotKey(id), "json");
    expect(first).not.toBeNull();
    await stub.ingest(id, [ev("click"), ev("scroll", { depth: 30 })]);
    const second = await env.SEGMENT_SNAPSHOTS.get<{ at: number }>(snapshotKey(id), "json");
    expect(second?.at).toBe(first?.at);
  });

  it("answers ingest only after the events are committed to SQLite", async () => {
    const id = uniqueVisitor();
    const stub = stubFor(id);
    await stub.ingest(id, [ev("hover", { target: "price", dwellMs: 999_999 }, "committed-0001")]);
    const row = await runInDurableObject(stub, (_i, s) =>
      s.storage.sql
        .exec<{ props: string }>("SELECT props FROM events WHERE id = 'committed-0001'")
        .one(),
    );
    // Durations are clamped on the way in (2 minutes at most for a hover).
    expect(JSON.parse(row.props)).toEqual({ target: "price", dwellMs: 120_000 });
  });
});
