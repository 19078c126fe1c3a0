/**
 * The Workers the benchmark compares, each in its own workerd process through
 * Miniflare's API: a pass-through Worker (fetches the origin, nothing else)
 * and edge-personalizer built from rules/. Also finds the workerd process of
 * each, so its memory can be sampled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { type LocalWorker, startWorker } from "../../test/e2e/miniflare-worker";
import { freePort } from "../../test/e2e/wrangler-dev";

export const BENCH_SECRET = "bench-cookie-secret-not-for-production";

const PASS_THROUGH = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    return fetch(new Request(new URL(url.pathname + url.search, env.ORIGIN_URL), request));
  },
};`;

function workerdPids(): Set<number> {
  const out = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (comm.startsWith("workerd")) out.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function rssBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface Runtime {
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

async function withPid(
  start: () => Promise<{ url: string; stop(): Promise<void> }>,
): Promise<Runtime> {
  const before = workerdPids();
  const rt = await start();
  const added = [...workerdPids()].filter((p) => !before.has(p));
  return { ...rt, pid: added.at(-1) };
}

export function startPassThrough(originUrl: string): Promise<Runtime> {
  return withPid(async () => {
    const port = await freePort();
    const mf = new Miniflare({
      modules: true,
      script: PASS_THROUGH,
      compatibilityDate: "2026-04-01",
      host: "127.0.0.1",
      port,
      bindings: { ORIGIN_URL: originUrl },
    });
    const url = (await mf.ready).toString().replace(/\/$/, "");
    return { url, stop: () => mf.dispose() };
  });
}

export function startPersonalizer(
  originUrl: string,
  extra: Record<string, string> = {},
): Promise<Runtime> {
  return withPid(async () => {
    const worker: LocalWorker = await startWorker("rules", {
      ORIGIN_URL: originUrl,
      ENVIRONMENT: "production",
      COOKIE_SECRET: BENCH_SECRET,
      ...extra,
    });
    return { url: worker.url, stop: worker.stop };
  });
}
