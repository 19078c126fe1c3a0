/**
 * A bounded load run on 127.0.0.1 mixing page views (anonymous and returning)
 * and event batches: it completes with zero errors and only the statuses the
 * contract allows. Bounded: 4 connections, 4 seconds.
 */
import autocannon from "autocannon";
import { describe, expect, it } from "vitest";
import { startWorker } from "../../e2e/miniflare-worker";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
let seq = 0;

describe("bounded mixed load", () => {
  it("serves page views and event batches side by side with zero errors", async () => {
    const worker = await startWorker("rules", {
      ENVIRONMENT: "production",
      COOKIE_SECRET: "load-test-secret",
    });
    try {
      const batch = () =>
        JSON.stringify({
          page: { path: "/products/aero-14-laptop" },
          events: Array.from({ length: 5 }, () => ({
            id: `load${process.pid}x${(++seq).toString().padStart(8, "0")}`,
            type: "scroll",
            ts: Date.now(),
            props: { depth: 50 },
          })),
        });
      const statuses = new Map<number, number>();
      const run = autocannon({
        url: worker.url,
        connections: 4,
        duration: 4,
        requests: [
          { method: "GET", path: "/products/aero-14-laptop", headers: { "user-agent": UA } },
          { method: "GET", path: "/compare?utm_campaign=load", headers: { "user-agent": UA } },
          {
            method: "POST",
            path: "/__ep/collect",
            headers: { "content-type": "text/plain", "user-agent": UA },
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: batch() }),
          } as never,
          { method: "GET", path: "/assets/img/laptop-800.svg", headers: { "user-agent": UA } },
        ],
      });
      (run as unknown as { on(e: string, f: (c: unknown, s: number) => void): void }).on(
        "response",
        (_c, status) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
      );
      const result = await run;
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(result.requests.total).toBeGreaterThan(100);
      expect([...statuses.keys()]).toEqual([200]);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
