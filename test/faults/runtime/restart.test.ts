/** The runtime restarts with its persisted storage: every acknowledged event is still there. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startWorker } from "../../e2e/miniflare-worker";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

describe("restart with persisted storage", () => {
  it("keeps every acknowledged event and the visitor's segments", async () => {
    const persistTo = mkdtempSync(join(tmpdir(), "ep-persist-"));
    const bindings = { ENVIRONMENT: "development" };
    let worker = await startWorker("rules", bindings, { persistTo });
    let cookie = "";
    const acknowledged: string[] = [];
    try {
      for (let batch = 0; batch < 5; batch++) {
        const events = Array.from({ length: 10 }, (_, i) => ({
          id: `restart${batch}x${String(i).padStart(4, "0")}`,
          type: i === 0 && batch === 0 ? "add_to_cart" : "click",
          ts: Date.now(),
          page: "/products/aero-14-laptop",
          props: i === 0 && batch === 0 ? { product: "aero-14-laptop", price: 1299 } : {},
        }));
        const res = await fetch(`${worker.url}/__ep/collect`, {
          method: "POST",
          body: JSON.stringify({ events }),
          headers: { "user-agent": UA, ...(cookie ? { cookie } : {}) },
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { accepted: number };
        expect(body.accepted).toBe(10);
        cookie ||= res.headers
          .getSetCookie()
          .find((c) => c.startsWith("ep_vid="))!
          .split(";")[0]!;
        acknowledged.push(...events.map((e) => e.id));
      }
    } finally {
      await worker.stop();
    }

    worker = await startWorker("rules", bindings, { persistTo });
    try {
      const view = (await (
        await fetch(`${worker.url}/__ep/debug/visitor?limit=500`, {
          headers: { cookie, "user-agent": UA },
        })
      ).json()) as {
        events: Array<{ id: string }>;
        signals: Record<string, number>;
      };
      expect(view.events.map((e) => e.id).sort()).toEqual(acknowledged.sort());
      expect(view.signals.cartValue).toBe(1299);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
