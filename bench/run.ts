/**
 * npm run bench [-- --quick]: every performance claim as a measurement, in one
 * run on 127.0.0.1, each against a baseline measured in the same run: the page
 * path (origin direct / pass-through Worker / edge-personalizer), the 10 MB and
 * slow-drip pages, rule selection vs json-rules-engine, ingestion into one
 * Visitor object, real-time latencies, and the tag's size. Prints a Markdown
 * table with the targets, writes bench/results/latest.json. Bounded: fixed
 * connections and durations, loopback only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { gzipSync } from "node:zlib";
import { buildTagSource } from "../src/cli/build-tag";
import { benchIngest } from "./ingest";
import { benchPagePath } from "./page-path";
import { benchRuleSelection } from "./rule-selection";

const quick = process.argv.includes("--quick");
const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const met = (ok: boolean) => (ok ? "met" : "**missed**");

async function main() {
  const started = Date.now();
  console.error(`edge-personalizer bench${quick ? " (quick)" : ""}: page path…`);
  const page = await benchPagePath(quick);
  console.error("rule selection…");
  const selection = await benchRuleSelection(quick);
  console.error("ingestion…");
  const ingest = await benchIngest(quick);
  const js = await buildTagSource();
  const tag = { minified: js.length, gzip: gzipSync(js, { level: 9 }).length };

  const rows: string[] = [];
  const row = (...cells: Array<string | number>) => rows.push(`| ${cells.join(" | ")} |`);
  rows.push(
    "### Page path",
    "",
    "Throughput: autocannon, 10 connections, saturating. Latency and TTFB: sequential requests timed with performance.now() (no queueing; autocannon only counts whole milliseconds).",
    "",
  );
  rows.push(
    "| page | target | req/s (saturated) | p50 ms | p99 ms | TTFB p50 ms | TTFB p99 ms | req/s ÷ pass-through | p50 ÷ pass-through | p99 ÷ pass-through |",
  );
  rows.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const ratios: Array<{ page: string; who: string; rps: number; p50: number; p99: number }> = [];
  for (const [path, r] of Object.entries(page.pages)) {
    for (const who of ["origin", "passThrough", "anonymous", "segmented"] as const) {
      const x = r[who];
      const pt = r.passThrough;
      const label = {
        origin: "origin direct",
        passThrough: "pass-through Worker",
        anonymous: "personalizer, anonymous",
        segmented: "personalizer, 4 segments",
      }[who];
      const rps = x.rps / pt.rps;
      const p50 = x.p50 / pt.p50;
      const p99 = x.p99 / pt.p99;
      if (who === "anonymous" || who === "segmented")
        ratios.push({ page: path, who, rps, p50, p99 });
      row(
        path.replace("/products/bench-", ""),
        label,
        Math.round(x.rps),
        f(x.p50),
        f(x.p99),
        f(x.ttfb.p50),
        f(x.ttfb.p99),
        f(rps),
        f(p50),
        f(p99),
      );
    }
  }
  rows.push(
    "",
    `Actions applied for the segmented visitor: ${page.actionsApplied.join(", ")}.`,
    "",
  );
  rows.push("### 10 MB page and slow-drip origin", "");
  rows.push(
    "| measurement | pass-through | personalizer | difference |",
    "| --- | --- | --- | --- |",
  );
  const t = page.tenMb;
  row(
    "10 MB TTFB p50 ms",
    f(t.passThrough.ttfb.p50),
    f(t.personalizer.ttfb.p50),
    f(t.personalizer.ttfb.p50 - t.passThrough.ttfb.p50),
  );
  row(
    "10 MB workerd RSS growth MB (peak − idle)",
    f(t.passThrough.growthMb, 1),
    f(t.personalizer.growthMb, 1),
    "",
  );
  row("10 MB bytes delivered", t.passThrough.bytes, t.personalizer.bytes, "");
  row(
    "slow drip (10 chunks, 100 ms apart): TTFB ms",
    f(page.slowDrip.passThrough.ttfb),
    f(page.slowDrip.personalizer.ttfb),
    f(page.slowDrip.personalizer.ttfb - page.slowDrip.passThrough.ttfb),
  );
  row(
    "slow drip: total ms",
    f(page.slowDrip.passThrough.total, 0),
    f(page.slowDrip.personalizer.total, 0),
    "",
  );
  rows.push("", "### Rule selection in Node (same 200 visitors; answers checked equal first)", "");
  rows.push(
    "| rules | edge-personalizer evals/s | json-rules-engine evals/s | ratio |",
    "| --- | --- | --- | --- |",
  );
  for (const s of selection)
    row(s.rules, Math.round(s.oursPerSecond), Math.round(s.jrePerSecond), `${f(s.ratio, 0)}×`);
  rows.push("", "### Ingestion into one Visitor object and real-time latency", "");
  rows.push("| measurement | value |", "| --- | --- |");
  for (const [size, b] of Object.entries(ingest.batches)) {
    row(
      `batches of ${size} (4 connections)`,
      `${Math.round(b.eventsPerSecond)} events/s, p50 ${b.p50} ms, p99 ${b.p99} ms, ${b.errors} errors`,
    );
  }
  row(
    "event → updated segments (collect round trip)",
    `p50 ${f(ingest.eventToSegments.p50)} ms, p99 ${f(ingest.eventToSegments.p99)} ms`,
  );
  row(
    "event → next page view reflecting it",
    `p50 ${f(ingest.eventToNextPage.p50)} ms, p99 ${f(ingest.eventToNextPage.p99)} ms`,
  );
  row("client tag", `${tag.minified} B minified, ${tag.gzip} B gzipped`);

  const worst = (k: "rps" | "p50" | "p99", pick: (a: number, b: number) => number) =>
    ratios.map((r) => r[k]).reduce((a, b) => pick(a, b));
  const sel = selection.map((s) => s.ratio);
  const twenty = ingest.batches["20"]!.eventsPerSecond;
  const targets: Array<[string, string, boolean]> = [
    [
      "page path p50 ≤ 1.5× pass-through",
      `worst ${f(worst("p50", Math.max))}×`,
      worst("p50", Math.max) <= 1.5,
    ],
    [
      "page path p99 ≤ 2× pass-through",
      `worst ${f(worst("p99", Math.max))}×`,
      worst("p99", Math.max) <= 2,
    ],
    [
      "throughput ≥ 0.5× pass-through",
      `worst ${f(worst("rps", Math.min))}×`,
      worst("rps", Math.min) >= 0.5,
    ],
    [
      "10 MB TTFB within 1 ms of pass-through",
      `${f(t.personalizer.ttfb.p50 - t.passThrough.ttfb.p50)} ms`,
      t.personalizer.ttfb.p50 - t.passThrough.ttfb.p50 <= 1,
    ],
    [
      "10 MB memory growth ≤ 25 MB",
      `${f(t.personalizer.growthMb, 1)} MB`,
      t.personalizer.growthMb <= 25,
    ],
    [
      "slow drip: first byte does not wait",
      `${f(page.slowDrip.personalizer.ttfb)} ms of ${f(page.slowDrip.personalizer.total, 0)} ms`,
      page.slowDrip.personalizer.ttfb < 100,
    ],
    [
      "rule selection ≥ 100× json-rules-engine",
      sel.map((r) => `${f(r, 0)}×`).join(" / ") + " (10/100/1000 rules)",
      sel.every((r) => r >= 100),
    ],
    [
      "≥ 20k events/s into one object, batches of 20",
      `${Math.round(twenty)} events/s`,
      twenty >= 20_000,
    ],
    [
      "event → next page p99 ≤ 25 ms",
      `${f(ingest.eventToNextPage.p99)} ms`,
      ingest.eventToNextPage.p99 <= 25,
    ],
    ["tag ≤ 2 KB gzipped", `${tag.gzip} B`, tag.gzip <= 2048],
  ];
  rows.push("", "### Targets", "", "| target | measured | |", "| --- | --- | --- |");
  for (const [name, value, ok] of targets) row(name, value, met(ok));

  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const header = `Run ${new Date().toISOString()}${quick ? " (quick)" : ""} on ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; load generator, origin and workerd share the machine. ${Math.round((Date.now() - started) / 1000)} s.`;
  const table = `${header}\n\n${rows.join("\n")}\n`;
  console.log(table);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/latest.json",
    `${JSON.stringify({ date: new Date().toISOString(), quick, machine, page, selection, ingest, tag, targets: targets.map(([name, value, ok]) => ({ name, value, met: ok })) }, null, 2)}\n`,
  );
  writeFileSync("bench/results/latest.md", table);
}

await main();
