/**
 * Real-time benchmark: events into ONE Visitor Durable Object through
 * POST /__ep/collect (batches of 1, 20, 100; fixed connections and duration;
 * every event a fresh id, so every one is a real insert), event → updated
 * segments latency (the collect round trip, which answers with the new
 * segments), and event → next page view reflecting it, end to end over HTTP.
 * The per-visitor rate limit is lifted by configuration for this run.
 */
import autocannon from "autocannon";
import { startPersonalizer } from "./lib/runtimes";
import { type Stats, stats } from "./lib/stats";
import { startStorefrontOrigin } from "./lib/storefront-origin";
import { SHOPPER_UA } from "./page-path";

let seq = 0;
const eid = () => `bench${process.pid.toString(36)}${(++seq).toString(36).padStart(9, "0")}`;
const batchOf = (n: number) =>
  JSON.stringify({
    page: { path: "/products/bench-30k" },
    events: Array.from({ length: n }, () => ({
      id: eid(),
      type: "click",
      ts: Date.now(),
      props: { label: "x" },
    })),
  });

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

export interface IngestResults {
  batches: Record<
    string,
    { eventsPerSecond: number; requestsPerSecond: number; p50: number; p99: number; errors: number }
  >;
  eventToSegments: Stats;
  eventToNextPage: Stats;
}

export async function benchIngest(quick: boolean): Promise<IngestResults> {
  const origin = await startStorefrontOrigin();
  const worker = await startPersonalizer(origin.url, {
    EVENT_RATE_CAPACITY: "1000000000",
    EVENT_RATE_PER_SECOND: "1000000000",
  });
  try {
    const first = await fetch(`${worker.url}/__ep/collect`, {
      method: "POST",
      body: batchOf(1),
      headers: { "user-agent": SHOPPER_UA },
    });
    await first.arrayBuffer();
    const cookie = cookiesOf(first);
    const batches: IngestResults["batches"] = {};
    for (const size of [1, 20, 100]) {
      const r = await autocannon({
        url: `${worker.url}/__ep/collect`,
        connections: 4,
        duration: quick ? 2 : 6,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "text/plain", cookie, "user-agent": SHOPPER_UA },
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batchOf(size) }),
          } as never,
        ],
      });
      batches[size] = {
        requestsPerSecond: r.requests.average,
        eventsPerSecond: r.requests.average * size,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.timeouts + r.non2xx,
      };
    }
    // Event → updated segments: one visitor's collect round trip, sequential.
    const toSegments: number[] = [];
    for (let i = 0; i < (quick ? 50 : 200); i++) {
      const t = performance.now();
      const res = await fetch(`${worker.url}/__ep/collect`, {
        method: "POST",
        body: batchOf(1),
        headers: { cookie, "user-agent": SHOPPER_UA },
      });
      const body = (await res.json()) as { segments?: unknown };
      if (!Array.isArray(body.segments)) throw new Error("collect did not answer with segments");
      toSegments.push(performance.now() - t);
    }
    // Event → next page view reflecting it: a new shopper compares prices; the next page shows the tips.
    const toPage: number[] = [];
    for (let i = 0; i < (quick ? 30 : 100); i++) {
      const events = [
        { id: eid(), type: "page_view", ts: Date.now(), page: "/compare", props: {} },
        ...Array.from({ length: 7 }, () => ({
          id: eid(),
          type: "engagement",
          ts: Date.now(),
          page: "/compare",
          props: { visibleMs: 15000 },
        })),
        {
          id: eid(),
          type: "hover",
          ts: Date.now(),
          page: "/compare",
          props: { target: "price", dwellMs: 6000 },
        },
      ];
      const t = performance.now();
      const res = await fetch(`${worker.url}/__ep/collect`, {
        method: "POST",
        body: JSON.stringify({ page: { path: "/compare" }, events }),
        headers: { "user-agent": SHOPPER_UA },
      });
      const next = cookiesOf(res);
      await res.arrayBuffer();
      const page = await (
        await fetch(`${worker.url}/products/bench-30k`, {
          headers: { cookie: next, "user-agent": SHOPPER_UA },
        })
      ).text();
      toPage.push(performance.now() - t);
      if (!page.includes("Comparing prices?"))
        throw new Error("the next page view did not reflect the events");
    }
    return { batches, eventToSegments: stats(toSegments), eventToNextPage: stats(toPage) };
  } finally {
    await worker.stop();
    await origin.close();
  }
}
