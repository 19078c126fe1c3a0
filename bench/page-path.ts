/**
 * Page-path benchmark: origin direct vs a pass-through Worker vs
 * edge-personalizer (an anonymous visitor; a visitor in several segments so 3–5
 * actions apply), under fixed autocannon load, plus sequential TTFB; the 10 MB
 * page's TTFB and workerd memory; and a slow-drip origin's first byte.
 */
import { request } from "node:http";
import autocannon from "autocannon";
import { snapshotSetCookie } from "../src/edge/snapshot-cookie";
import { signVisitor } from "../src/edge/visitor-cookie";
import {
  BENCH_SECRET,
  type Runtime,
  rssBytes,
  startPassThrough,
  startPersonalizer,
} from "./lib/runtimes";
import { type Stats, stats } from "./lib/stats";
import { startStorefrontOrigin } from "./lib/storefront-origin";

export const SHOPPER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** Cookies of a visitor the Worker itself would have issued: in four segments, intent 90, $1,299 in the cart. */
export async function segmentedVisitorCookies(): Promise<string> {
  const id = "benchvisitor00000001";
  const vid = await signVisitor(id, Math.floor(Date.now() / 1000), BENCH_SECRET);
  const seg = await snapshotSetCookie(
    id,
    {
      segments: [
        "Cart Abandoner (High Intent)",
        "Engaged non-converter",
        "High Intent",
        "Price-Sensitive Analyzer",
      ],
      signals: { intent: 90, cartValue: 1299 },
      at: Date.now(),
      validUntil: Date.now() + 3_600_000,
    },
    BENCH_SECRET,
    false,
  );
  return `ep_vid=${vid}; ${seg!.split(";")[0]}`;
}

/** Time to first body byte and to the end, for one GET. */
export function timedGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ttfb: number; total: number; bytes: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let ttfb = 0;
    let bytes = 0;
    const req = request(url, { headers: { "user-agent": SHOPPER_UA, ...headers } }, (res) => {
      res.on("data", (chunk: Buffer) => {
        if (bytes === 0) ttfb = performance.now() - start;
        bytes += chunk.length;
      });
      res.on("end", () => resolve({ ttfb, total: performance.now() - start, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ttfb: Stats;
}

/** Throughput: autocannon at saturation. */
async function throughput(url: string, headers: Record<string, string>, seconds: number) {
  const r = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers: { "user-agent": SHOPPER_UA, ...headers },
  });
  return { rps: r.requests.average, errors: r.errors + r.timeouts + r.non2xx };
}

/**
 * Latency and TTFB: sequential requests timed with performance.now() (no
 * queueing; autocannon counts whole milliseconds), the targets interleaved
 * round-robin so each sees the same background noise.
 */
async function interleavedLatency(
  targets: ReadonlyArray<{ url: string; headers: Record<string, string> }>,
  runs: number,
) {
  const totals = targets.map(() => [] as number[]);
  const ttfbs = targets.map(() => [] as number[]);
  for (let i = 0; i < runs + 20; i++) {
    for (const [k, t] of targets.entries()) {
      const r = await timedGet(t.url, t.headers);
      if (i < 20) continue; // warm-up
      totals[k]!.push(r.total);
      ttfbs[k]!.push(r.ttfb);
    }
  }
  return targets.map((_, k) => ({ latency: stats(totals[k]!), ttfb: stats(ttfbs[k]!) }));
}

export interface PagePathResults {
  pages: Record<string, Record<"origin" | "passThrough" | "anonymous" | "segmented", LoadResult>>;
  actionsApplied: string[];
  tenMb: Record<
    "passThrough" | "personalizer",
    { ttfb: Stats; idleRssMb: number; peakRssMb: number; growthMb: number; bytes: number }
  >;
  slowDrip: Record<"passThrough" | "personalizer", { ttfb: number; total: number }>;
}

/** The 10 MB page through both runtimes, alternating, sampling each workerd's RSS while it serves. */
async function tenMegabytes(runtimes: readonly Runtime[], runs: number) {
  const idle = runtimes.map((rt) => (rt.pid ? rssBytes(rt.pid) : 0));
  const peak = [...idle];
  const ttfbs = runtimes.map(() => [] as number[]);
  const bytes = runtimes.map(() => 0);
  for (let i = 0; i < runs; i++) {
    for (const [k, rt] of runtimes.entries()) {
      const sampler = setInterval(() => {
        if (rt.pid) peak[k] = Math.max(peak[k]!, rssBytes(rt.pid));
      }, 5);
      const r = await timedGet(`${rt.url}/products/bench-10m`);
      clearInterval(sampler);
      ttfbs[k]!.push(r.ttfb);
      bytes[k] = r.bytes;
    }
  }
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return runtimes.map((_, k) => ({
    ttfb: stats(ttfbs[k]!),
    idleRssMb: mb(idle[k]!),
    peakRssMb: mb(peak[k]!),
    growthMb: mb(peak[k]! - idle[k]!),
    bytes: bytes[k]!,
  }));
}

export async function benchPagePath(quick: boolean): Promise<PagePathResults> {
  const seconds = quick ? 2 : 8;
  const runs = quick ? 60 : 400;
  const origin = await startStorefrontOrigin();
  const passThrough = await startPassThrough(origin.url);
  const ours = await startPersonalizer(origin.url);
  const segmented = await segmentedVisitorCookies();
  try {
    const sample = await (
      await fetch(`${ours.url}/products/bench-30k`, {
        headers: { cookie: segmented, "user-agent": SHOPPER_UA },
      })
    ).text();
    const actionsApplied = [
      ["cart-abandoner banner", "COMEBACK10"],
      ["comparison tips", "Comparing prices?"],
      ["discount overlay", "A better price, just for you"],
      ["free-shipping include", "Free two-day shipping"],
      ["client tag", "/__ep/tag."],
    ]
      .filter(([, marker]) => sample.includes(marker!))
      .map(([name]) => name!);

    const pages: PagePathResults["pages"] = {};
    for (const path of ["/products/bench-30k", "/products/bench-120k"]) {
      const targets: Array<{ url: string; headers: Record<string, string> }> = [
        { url: origin.url + path, headers: {} },
        { url: passThrough.url + path, headers: {} },
        { url: ours.url + path, headers: {} },
        { url: ours.url + path, headers: { cookie: segmented } },
      ];
      const latencies = await interleavedLatency(targets, runs);
      const loads: LoadResult[] = [];
      for (const [k, t] of targets.entries()) {
        const { rps, errors } = await throughput(t.url, t.headers, seconds);
        const { latency, ttfb } = latencies[k]!;
        loads.push({ rps, errors, p50: latency.p50, p99: latency.p99, ttfb });
      }
      pages[path] = {
        origin: loads[0]!,
        passThrough: loads[1]!,
        anonymous: loads[2]!,
        segmented: loads[3]!,
      };
    }
    const [ptTen, oursTen] = await tenMegabytes([passThrough, ours], quick ? 2 : 6);
    const tenMb = { passThrough: ptTen!, personalizer: oursTen! };
    const drip = async (base: string) => {
      const r = await timedGet(`${base}/products/slow-drip`);
      return { ttfb: r.ttfb, total: r.total };
    };
    const slowDrip = {
      passThrough: await drip(passThrough.url),
      personalizer: await drip(ours.url),
    };
    return { pages, actionsApplied, tenMb, slowDrip };
  } finally {
    await passThrough.stop();
    await ours.stop();
    await origin.close();
  }
}
