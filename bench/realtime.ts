/**
 * Real-time benchmark: how fast behaviour becomes segments. Runs the Worker in
 * workerd through Miniflare on 127.0.0.1 (not `wrangler dev`, whose proxy
 * distorts timings) and measures, in one run and against a baseline in the
 * same run (the /__ep/health round trip):
 *  - collect → committed in the Visitor object, batches of 1, 20 and 100;
 *  - event → next page view reflecting it, end to end over HTTP;
 *  - the pure engine's ingest rate in Node;
 *  - the client tag's size.
 * Bounded: fixed request counts, sequential, loopback only.
 * Usage: npm run bench [-- --quick]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { gzipSync } from "node:zlib";
import { buildTagSource } from "../src/cli/build-tag";
import { readRulesDir } from "../src/cli/read-rules-dir";
import { emptyModelState } from "../src/engine/behaviour/model";
import { ingest } from "../src/engine/behaviour/visitor-model";
import { compileRules } from "../src/engine/compile-rules";
import { Event } from "../src/engine/schema/event";
import { startWorker } from "../test/e2e/miniflare-worker";

const quick = process.argv.includes("--quick");
const N = quick ? 100 : 400;
const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

let seq = 0;
const eid = () => `bench${process.pid.toString(36)}${(++seq).toString(36).padStart(8, "0")}`;
const click = () => ({ id: eid(), type: "click", ts: Date.now(), props: { label: "x" } });

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return {
    n: s.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

async function main() {
  const worker = await startWorker("rules");
  const url = worker.url;
  const results: Record<string, unknown> = {};
  try {
    // Warm up the isolate and the objects.
    for (let i = 0; i < 50; i++) await (await fetch(`${url}/__ep/health`)).arrayBuffer();

    const health: number[] = [];
    for (let i = 0; i < N; i++) {
      health.push(
        await timed(async () => void (await (await fetch(`${url}/__ep/health`)).arrayBuffer())),
      );
    }
    results.baseline = stats(health);

    // Fresh visitors for every run, each sent at most 290 events, so the per-visitor
    // rate limit (300 events, refilled at 5/s) is never what we measure.
    const newVisitor = async () => {
      const res = await fetch(`${url}/__ep/collect`, {
        method: "POST",
        body: JSON.stringify({ events: [click()] }),
        headers: { "user-agent": UA },
      });
      await res.arrayBuffer();
      return cookiesOf(res);
    };
    const collect = async (batch: number) => {
      const out: number[] = [];
      const perVisitor = Math.floor(290 / batch);
      let cookie = "";
      for (let i = 0; i < N; i++) {
        if (i % perVisitor === 0) cookie = await newVisitor();
        const body = JSON.stringify({
          page: { path: "/products/aero-14-laptop" },
          events: Array.from({ length: batch }, click),
        });
        out.push(
          await timed(async () => {
            const res = await fetch(`${url}/__ep/collect`, {
              method: "POST",
              body,
              headers: { cookie, "user-agent": UA },
            });
            if (res.status !== 200)
              throw new Error(`collect answered ${res.status}: ${await res.text()}`);
            await res.arrayBuffer();
          }),
        );
      }
      return stats(out);
    };
    for (const size of [1, 20, 100]) {
      const s = await collect(size);
      results[`collect_batch_${size}`] = { ...s, eventsPerSecond: (size * 1000) / s.mean };
    }

    // Event → next page view reflecting it: a new shopper's compare session, then the next page.
    const e2e: number[] = [];
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
      e2e.push(
        await timed(async () => {
          const res = await fetch(`${url}/__ep/collect`, {
            method: "POST",
            body: JSON.stringify({ page: { path: "/compare" }, events }),
            headers: { "user-agent": UA },
          });
          const cookie = cookiesOf(res);
          await res.arrayBuffer();
          const page = await (
            await fetch(`${url}/compare`, { headers: { cookie, "user-agent": UA } })
          ).text();
          if (!page.includes("Comparing prices?"))
            throw new Error("the next page view did not reflect the events");
        }),
      );
    }
    results.event_to_next_page = stats(e2e);
  } finally {
    await worker.stop();
  }

  // The pure engine, in Node: events per second into one visitor's model.
  const compiled = compileRules(readRulesDir("rules").sources);
  if (!compiled.ok) throw new Error("rules do not compile");
  const model = compiled.value.behaviour;
  const kinds = [
    { type: "scroll", props: { depth: 80, velocity: 120 } },
    { type: "hover", props: { target: "price", dwellMs: 2500 } },
    { type: "engagement", props: { visibleMs: 15000 } },
    { type: "add_to_cart", props: { product: "a", price: 10 } },
    { type: "click", props: {} },
  ];
  const events = Array.from({ length: 20_000 }, (_, i) => ({
    event: Event.parse({
      id: `engine${i.toString().padStart(8, "0")}`,
      ts: 0,
      page: "/compare",
      ...kinds[i % kinds.length]!,
    }),
    pageType: "compare",
  }));
  const state = emptyModelState();
  const t = performance.now();
  for (let i = 0; i < events.length; i += 20)
    ingest(model, state, events.slice(i, i + 20), 1_800_000_000_000 + i);
  const engineMs = performance.now() - t;
  results.engine_events_per_second = Math.round(events.length / (engineMs / 1000));

  const js = await buildTagSource();
  results.tag = { minified: js.length, gzip: gzipSync(js, { level: 9 }).length };
  results.machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  results.date = new Date().toISOString();

  const b = results.baseline as ReturnType<typeof stats>;
  const row = (name: string, s: ReturnType<typeof stats>, extra = "") =>
    `| ${name} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${(s.p50 / b.p50).toFixed(2)}× | ${extra} |`;
  const lines = [
    "| measurement (127.0.0.1, workerd via Miniflare) | p50 ms | p99 ms | p50 / baseline | notes |",
    "| --- | --- | --- | --- | --- |",
    row("baseline: GET /__ep/health", b),
    ...[1, 20, 100].map((size) => {
      const s = results[`collect_batch_${size}`] as ReturnType<typeof stats> & {
        eventsPerSecond: number;
      };
      return row(
        `collect → committed, batch of ${size}`,
        s,
        `${Math.round(s.eventsPerSecond)} events/s (sequential)`,
      );
    }),
    row(
      "event → next page view reflecting it",
      results.event_to_next_page as ReturnType<typeof stats>,
      "collect + GET /compare, shown from the signed cookie",
    ),
    `| engine ingest in Node | | | | ${results.engine_events_per_second} events/s, 20-event batches |`,
    `| client tag | | | | ${(results.tag as { minified: number }).minified} B minified, ${(results.tag as { gzip: number }).gzip} B gzipped (budget 2048) |`,
  ];
  console.log(lines.join("\n"));
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/realtime.json", `${JSON.stringify(results, null, 2)}\n`);
}

await main();
