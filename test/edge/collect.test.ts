/** POST /__ep/collect: every bad input gets its documented status; valid events are stored, invalid never. */
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Event } from "../../src/engine/schema/event";
import { DESKTOP_UA } from "./helpers";

const URL_ = "http://localhost:8787/__ep/collect";
let n = 0;
const id = () => `evt${Date.now().toString(36)}${String(++n).padStart(6, "0")}`;
const click = () => ({ id: id(), type: "click", ts: Date.now(), props: { label: "x" } });

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return exports.default.fetch(
    new Request(URL_, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "user-agent": DESKTOP_UA, ...headers },
    }),
  );
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];

async function storedEvents(visitorCookie: string) {
  const value = visitorCookie.split("=")[1]!;
  const visitorId = value.split(".")[1]!;
  return env.VISITOR.get(env.VISITOR.idFromName(visitorId)).recentEvents(500);
}

describe("collect: the happy path", () => {
  it("stores a batch, gives a first-time visitor a signed cookie and a snapshot, and answers with segments", async () => {
    const events = [
      {
        id: id(),
        type: "page_view",
        ts: Date.now(),
        page: "/products/aero-14-laptop",
        props: { pageType: "product" },
      },
      {
        id: id(),
        type: "add_to_cart",
        ts: Date.now(),
        props: { product: "aero-14-laptop", price: 1299 },
      },
      { id: id(), type: "checkout_start", ts: Date.now() },
    ];
    const res = await post(JSON.stringify({ page: { path: "/products/aero-14-laptop" }, events }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      duplicates: number;
      rejected: unknown[];
      segments: string[];
    };
    expect(body).toMatchObject({
      accepted: 3,
      duplicates: 0,
      rejected: [],
      segments: ["High Intent"],
    });
    const visitor = cookieOf(res, "ep_vid")!;
    expect(visitor).toMatch(/^ep_vid=v1\./);
    expect(cookieOf(res, "ep_seg")).toBeDefined();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await storedEvents(visitor)).map((e) => e.type).sort()).toEqual([
      "add_to_cart",
      "checkout_start",
      "page_view",
    ]);
  });

  it("keeps the device and network context the tag reports", async () => {
    const context = {
      ect: "3g",
      saveData: true,
      downlink: 1.2,
      screenW: 390,
      screenH: 844,
      dpr: 3,
      touch: true,
    };
    const res = await post(JSON.stringify({ context, events: [click()] }));
    const visitorId = cookieOf(res, "ep_vid")!.split("=")[1]!.split(".")[1]!;
    expect(await env.VISITOR.get(env.VISITOR.idFromName(visitorId)).deviceContext()).toEqual(
      context,
    );
  });

  it("accepts text/plain (sendBeacon) and counts a retried event as a duplicate", async () => {
    const event = click();
    const first = await post(JSON.stringify({ events: [event] }), {
      "content-type": "text/plain;charset=UTF-8",
    });
    const visitor = cookieOf(first, "ep_vid")!;
    const retry = await post(JSON.stringify({ events: [event] }), {
      "content-type": "text/plain",
      cookie: visitor,
    });
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it("takes the visitor from the cookie, never from the body", async () => {
    const first = await post(JSON.stringify({ events: [click()] }));
    const visitor = cookieOf(first, "ep_vid")!;
    const res = await post(JSON.stringify({ events: [click()], visitor: "someone-else" }), {
      cookie: visitor,
    });
    expect(res.status).toBe(400);
    const ok = await post(
      JSON.stringify({ events: [{ ...click(), visitorId: "someone-else" }, click()] }),
      { cookie: visitor },
    );
    expect(ok.status).toBe(200);
    expect(cookieOf(ok, "ep_vid")).toBeUndefined();
    expect(await storedEvents(visitor)).toHaveLength(2);
  });
});

describe("collect: bad input", () => {
  it("415 for other content types", async () => {
    const res = await post("x", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe(
      "unsupported_media_type",
    );
  });

  it("413 for a body over 64 KB, declared or streamed", async () => {
    const big = JSON.stringify({ events: [{ ...click(), props: { label: "x".repeat(70_000) } }] });
    expect((await post(big)).status).toBe(413);
    const encoder = new TextEncoder();
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 70; i++) c.enqueue(encoder.encode("x".repeat(1024)));
        c.close();
      },
    });
    const streamed = await post(stream);
    expect(streamed.status).toBe(413);
  });

  it("413 for more than 100 events in a batch", async () => {
    const res = await post(JSON.stringify({ events: Array.from({ length: 101 }, click) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe(
      "batch_too_large",
    );
  });

  it("400 with a clear message for malformed JSON or a bad envelope", async () => {
    const malformed = await post("{ not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { reason: "malformed_json" } });
    for (const body of ["[]", "{}", '{"events": []}', '{"events": "x"}', "null"]) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { reason: string } }).error.reason, body).toBe(
        "invalid_envelope",
      );
    }
  });

  it("rejects invalid events by index, JSON path and reason, and stores the valid ones beside them", async () => {
    const good = [click(), click()];
    const res = await post(
      JSON.stringify({
        events: [
          good[0],
          { id: "short", type: "click", ts: 1 },
          { id: id(), type: "teleport", ts: 1 },
          good[1],
          { id: id(), type: "scroll", ts: 1, props: { depth: 140 } },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      rejected: Array<{ index: number; path: string; reason: string }>;
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.path])).toEqual([
      [1, "$.events[1].id"],
      [2, "$.events[2].type"],
      [4, "$.events[4].props.depth"],
    ]);
    expect(body.rejected[0]!.reason).toMatch(/8–64 characters/);
    const stored = await storedEvents(cookieOf(res, "ep_vid")!);
    expect(stored.map((e) => e.id).sort()).toEqual(good.map((g) => g.id).sort());
  });

  it("400 when no event in the batch is valid, with the reasons", async () => {
    const res = await post(JSON.stringify({ events: [{ type: "click" }] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { reason: "no_valid_events" },
      rejected: [
        { index: 0, path: "$.events[0].id" },
        { index: 0, path: "$.events[0].ts" },
      ],
    });
  });

  it("429 with Retry-After when a visitor sends too much", async () => {
    const first = await post(JSON.stringify({ events: Array.from({ length: 100 }, click) }));
    const visitor = cookieOf(first, "ep_vid")!;
    let res = first;
    for (let i = 0; i < 4 && res.status === 200; i++) {
      res = await post(JSON.stringify({ events: Array.from({ length: 100 }, click) }), {
        cookie: visitor,
      });
    }
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("stores nothing under Global Privacy Control or the opt-out cookie", async () => {
    for (const headers of [{ "sec-gpc": "1" }, { cookie: "ep_optout=1" }] as Array<
      Record<string, string>
    >) {
      const res = await post(JSON.stringify({ events: [click()] }), headers);
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ stored: false, accepted: 0 });
      expect(cookieOf(res, "ep_vid")).toBeUndefined();
    }
  });
});

describe("collect: properties over arbitrary bodies", () => {
  it("never answers 5xx and never stores an invalid event", async () => {
    const seed = await post(JSON.stringify({ events: [click()] }));
    const visitor = cookieOf(seed, "ep_vid")!;
    const eventish = fc.record(
      {
        id: fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/)),
        type: fc.oneof(
          fc.constantFrom("click", "scroll", "hover", "add_to_cart", "engagement", "nope"),
          fc.string(),
        ),
        ts: fc.oneof(fc.integer(), fc.double(), fc.string()),
        page: fc.oneof(fc.constant("/x"), fc.string()),
        props: fc.oneof(
          fc.object(),
          fc.record(
            {
              depth: fc.double(),
              dwellMs: fc.double(),
              target: fc.string(),
              product: fc.string(),
              visibleMs: fc.integer(),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ events: fc.array(eventish, { maxLength: 8 }) }).map((o) => JSON.stringify(o)),
      fc
        .record({ events: fc.array(fc.anything(), { maxLength: 5 }), page: fc.anything() })
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom("application/json", "text/plain"),
        async (text, type) => {
          const res = await post(text, { "content-type": type, cookie: visitor });
          expect(res.status).toBeLessThan(500);
          await res.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    for (const stored of await storedEvents(visitor)) {
      const reparsed = Event.safeParse({
        id: stored.id,
        type: stored.type,
        ts: 0,
        page: stored.page ?? undefined,
        props: stored.props,
      });
      expect(reparsed.success, JSON.stringify(stored)).toBe(true);
    }
  });
});
