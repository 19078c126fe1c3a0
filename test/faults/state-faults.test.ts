/**
 * The state layer misbehaves: the Visitor object throws or hangs, KV fails.
 * Pages still render (without segments, or from the next rung of the ladder);
 * collect answers a clear 503 and acknowledges nothing it did not store.
 */

import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { segmentLadder } from "../../src/edge/segment-ladder";
import { readWithBudget } from "../../src/edge/visitor-state";
import { DESKTOP_UA } from "../edge/helpers";

const BASE = "http://localhost:8787";
let n = 0;
const click = () => ({
  id: `fault${Date.now().toString(36)}${String(++n).padStart(6, "0")}`,
  type: "click",
  ts: Date.now(),
  props: {},
});
const collect = (body: object, cookie?: string) =>
  exports.default.fetch(
    new Request(`${BASE}/__ep/collect`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: {
        "content-type": "application/json",
        "user-agent": DESKTOP_UA,
        ...(cookie ? { cookie } : {}),
      },
    }),
  );
const visitorCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("ep_vid="))!
    .split(";")[0]!;
const idOf = (cookie: string) => cookie.split("=")[1]!.split(".")[1]!;

/** Makes every Visitor object's ingest misbehave for the duration of `during`. */
async function withBrokenIngest(ingest: () => unknown, during: () => Promise<void>) {
  const { Visitor } = await import("../../src/state/visitor");
  const original = Visitor.prototype.ingest;
  Visitor.prototype.ingest = ingest as never;
  try {
    await during();
  } finally {
    Visitor.prototype.ingest = original;
  }
}

describe("the Visitor object fails", () => {
  it("collect answers 503 state_unavailable when the object throws, and the batch can be retried as is", async () => {
    const cookie = visitorCookie(await collect({ events: [click()] }));
    const batch = { events: [click(), click()] };
    await withBrokenIngest(
      () => {
        throw new Error("storage exploded");
      },
      async () => {
        const failed = await collect(batch, cookie);
        expect(failed.status).toBe(503);
        expect(failed.headers.get("retry-after")).toBe("5");
        expect(await failed.json()).toMatchObject({ error: { reason: "state_unavailable" } });
      },
    );
    // The tag resends the same batch once the object is well again: stored exactly once.
    expect(await (await collect(batch, cookie)).json()).toMatchObject({
      accepted: 2,
      duplicates: 0,
    });
    expect(await (await collect(batch, cookie)).json()).toMatchObject({
      accepted: 0,
      duplicates: 2,
    });
  });

  it("collect answers 503 when the object hangs, after its timeout", async () => {
    const cookie = visitorCookie(await collect({ events: [click()] }));
    await withBrokenIngest(
      () => new Promise(() => {}),
      async () => {
        const res = await collect({ events: [click()] }, cookie);
        expect(res.status).toBe(503);
      },
    );
  }, 15_000);
});

describe("the read ladder degrades step by step", () => {
  it("skips a failing KV and asks the object", async () => {
    const res = await collect({
      events: [
        { ...click(), type: "add_to_cart", props: { product: "a", price: 5 } },
        { ...click(), type: "checkout_start" },
      ],
    });
    const id = idOf(visitorCookie(res));
    const brokenKv = {
      ...env,
      SEGMENT_SNAPSHOTS: { get: () => Promise.reject(new Error("KV unavailable")) },
    } as unknown as Env;
    const state = await readWithBudget(
      segmentLadder(brokenKv, "test-cookie-secret", Date.now),
      id,
      new Request(BASE),
      1000,
    );
    expect(state.source).toBe("object");
    expect([...state.segments]).toEqual(["High Intent"]);
  });

  it("gives up on a hanging object within the budget: no segments", async () => {
    const hanging = {
      ...env,
      SEGMENT_SNAPSHOTS: { get: async () => null },
      VISITOR: { idFromName: () => "x", get: () => ({ snapshot: () => new Promise(() => {}) }) },
    } as unknown as Env;
    const state = await readWithBudget(
      segmentLadder(hanging, "test-cookie-secret", Date.now),
      "someone",
      new Request(BASE),
      50,
    );
    expect(state.source).toBe("timeout");
    expect(state.segments.size).toBe(0);
  });
});
