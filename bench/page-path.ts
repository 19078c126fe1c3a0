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

/**
 * Throughput: autocannon at saturation. Latency and TTFB: sequential requests
 * timed with performance.now() — no queueing, sub-millisecond resolution
 * (autocannon's histogram counts whole milliseconds).
 */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  runs: number,
): Promise<LoadResult> {
  const saturated = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers: { "user-agent": SHOPPER_UA, ...headers },
  });
  const totals: number[] = [];
  const ttfbs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timedGet(url, headers);
    totals.push(r.total);
    ttfbs.push(r.ttfb);
  }
  const latency = stats(totals);
  const errors = saturated.errors + saturated.timeouts + saturated.non2xx;
  return {
    rps: saturated.requests.average,
    p50: latency.p50,
    p99: latency.p99,
    errors,
    ttfb: stats(ttfbs),
  };
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

async function tenMegabytes(rt: Runtime, url: string, runs: number) {
  const idle = rt.pid ? rssBytes(rt.pid) : 0;
  let peak = idle;
  const sampler = setInterval(() => {
    if (rt.pid) peak = Math.max(peak, rssBytes(rt.pid));
  }, 5);
  const ttfbs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timedGet(url);
    ttfbs.push(r.ttfb);
    bytes = r.bytes;
  }
  clearInterval(sampler);
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    ttfb: stats(ttfbs),
    idleRssMb: mb(idle),
    peakRssMb: mb(peak),
    growthMb: mb(peak - idle),
    bytes,
  };
}

export async function benchPagePath(quick: boolean): Promise<PagePathResults> {
  const seconds = quick ? 2 : 8;
  const ttfbRuns = quick ? 50 : 300;
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
      pages[path] = {
        origin: await load(origin.url + path, {}, seconds, ttfbRuns),
        passThrough: await load(passThrough.url + path, {}, seconds, ttfbRuns),
        anonymous: await load(ours.url + path, {}, seconds, ttfbRuns),
        segmented: await load(ours.url + path, { cookie: segmented }, seconds, ttfbRuns),
      };
    }
    const tenMb = {
      passThrough: await tenMegabytes(
        passThrough,
        `${passThrough.url}/products/bench-10m`,
        quick ? 2 : 5,
      ),
      personalizer: await tenMegabytes(ours, `${ours.url}/products/bench-10m`, quick ? 2 : 5),
    };
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
