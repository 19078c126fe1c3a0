/** The page path's segment read ladder, through the shipped Worker: cookie → KV → Durable Object → none. */

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { snapshotKey } from "../../src/state/snapshot-key";
import type { Visitor } from "../../src/state/visitor";
import { DESKTOP_UA } from "./helpers";

const BASE = "http://localhost:8787";
let n = 0;
const ev = (type: string, props: Record<string, unknown> = {}, page?: string) => ({
  id: `ladder${Date.now().toString(36)}${String(++n).padStart(6, "0")}`,
  type,
  ts: Date.now(),
  ...(page ? { page } : {}),
  props,
});

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];

async function collect(events: object[], cookie?: string, path = "/compare") {
  const res = await exports.default.fetch(
    new Request(`${BASE}/__ep/collect`, {
      method: "POST",
      body: JSON.stringify({ page: { path }, events }),
      headers: {
        "content-type": "application/json",
        "user-agent": DESKTOP_UA,
        ...(cookie ? { cookie } : {}),
      },
    }),
  );
  expect(res.status).toBe(200);
  return res;
}

const visit = (path: string, cookie: string) =>
  exports.default.fetch(
    new Request(`${BASE}${path}`, { headers: { "user-agent": DESKTOP_UA, cookie } }),
  );

/** A shopper who compared for 90 s hovering prices, with a laptop in the cart: Price-Sensitive, intent > 75. */
const analyzer = () => [
  ev("page_view", { pageType: "product" }, "/products/aero-14-laptop"),
  ev("add_to_cart", { product: "aero-14-laptop", price: 1299 }, "/products/aero-14-laptop"),
  ev("page_view", { pageType: "compare" }, "/compare"),
  ...Array.from({ length: 7 }, () => ev("engagement", { visibleMs: 15_000 }, "/compare")),
  ev("hover", { target: "price", dwellMs: 6000 }, "/compare"),
  ev("scroll", { depth: 80 }, "/compare"),
];

describe("read-your-writes", () => {
  it("shows an acknowledged event's segment on the very next page view, from the signed cookie", async () => {
    const res = await collect(analyzer());
    const body = (await res.json()) as { segments: string[]; decisions: Array<{ rule: string }> };
    expect(body.segments).toEqual(["High Intent", "Price-Sensitive Analyzer"]);
    // Live decisions for the page being read: the comparison tips and the discount overlay.
    expect([...new Set(body.decisions.map((d) => d.rule))].sort()).toEqual([
      "price-sensitive-comparison-tips",
      "price-sensitive-discount-overlay",
    ]);
    const cookies = `${cookieOf(res, "ep_vid")}; ${cookieOf(res, "ep_seg")}`;
    const page = await visit("/compare", cookies);
    expect(page.headers.get("server-timing")).toContain("state: cookie");
    const html = await page.text();
    expect(html).toContain("Comparing prices?");
    expect(html).toContain("A better price, just for you");
  });
});

describe("the ladder", () => {
  it("falls back to the KV snapshot without a snapshot cookie, and hands the browser a fresh cookie", async () => {
    const res = await collect(analyzer());
    const visitor = cookieOf(res, "ep_vid")!;
    const page = await visit("/compare", visitor);
    expect(page.headers.get("server-timing")).toContain("state: kv");
    expect(await page.text()).toContain("Comparing prices?");
    expect(cookieOf(page, "ep_seg")).toBeDefined();
  });

  it("asks the Durable Object when neither cookie nor KV has a usable snapshot", async () => {
    const res = await collect(analyzer());
    const visitor = cookieOf(res, "ep_vid")!;
    const id = visitor.split("=")[1]!.split(".")[1]!;
    await env.SEGMENT_SNAPSHOTS.delete(snapshotKey(id));
    const page = await visit("/compare", visitor);
    expect(page.headers.get("server-timing")).toContain("state: object");
    expect(await page.text()).toContain("Comparing prices?");
  });

  it("shows a transition made by an alarm when the shopper returns", async () => {
    const res = await collect(
      [
        ev("page_view", {}, "/products/aero-14-laptop"),
        ev("add_to_cart", { product: "aero-14-laptop", price: 1299 }),
        ev("page_view", {}, "/compare"),
      ],
      undefined,
      "/products/aero-14-laptop",
    );
    const visitor = cookieOf(res, "ep_vid")!;
    const snapshotCookie = cookieOf(res, "ep_seg")!;
    const id = visitor.split("=")[1]!.split(".")[1]!;
    const stub = env.VISITOR.get(env.VISITOR.idFromName(id));
    const alarmAt = await runInDurableObject(stub, (_i, s) => s.storage.getAlarm());
    expect(alarmAt).not.toBeNull();
    await runInDurableObject(stub, (instance: Visitor) => {
      instance.now = () => alarmAt!;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The old snapshot cookie has expired with the transition: its Max-Age ended at the alarm time.
    const page = await visit("/", `${visitor}`);
    const html = await page.text();
    expect(page.headers.get("server-timing")).toContain("state: kv");
    expect(html).toContain('data-ep-rule="cart-abandoner-discount"');
    expect(html).toContain("COMEBACK10");
    expect(snapshotCookie).toBeDefined();
  });
});

describe("a shopper cannot grant themselves a segment", () => {
  it("ignores an edited snapshot cookie", async () => {
    const res = await collect([ev("click")]);
    const visitor = cookieOf(res, "ep_vid")!;
    const [name, value] = cookieOf(res, "ep_seg")!.split("=") as [string, string];
    const [body, sig] = value.split(".") as [string, string];
    const payload = JSON.parse(atob(body.replace(/-/g, "+").replace(/_/g, "/")));
    payload.s = ["Cart Abandoner (High Intent)", "High Intent"];
    const forgedBody = btoa(JSON.stringify(payload))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    const page = await visit("/", `${visitor}; ${name}=${forgedBody}.${sig}`);
    expect(page.headers.get("server-timing")).not.toContain("state: cookie");
    expect(await page.text()).not.toContain("COMEBACK10");
  });

  it("ignores another visitor's valid snapshot cookie", async () => {
    const rich = await collect(analyzer());
    const theirSnapshot = cookieOf(rich, "ep_seg")!;
    const mine = await collect([ev("click")]);
    const myVisitor = cookieOf(mine, "ep_vid")!;
    const page = await visit("/compare", `${myVisitor}; ${theirSnapshot}`);
    expect(page.headers.get("server-timing")).not.toContain("state: cookie");
    expect(await page.text()).not.toContain("Comparing prices?");
  });
});

describe("GET /__ep/personalize", () => {
  it("answers the visitor's segments and the decisions for a path", async () => {
    const res = await collect(analyzer());
    const cookies = `${cookieOf(res, "ep_vid")}; ${cookieOf(res, "ep_seg")}`;
    const api = await exports.default.fetch(
      new Request(`${BASE}/__ep/personalize?path=/compare`, {
        headers: { cookie: cookies, "user-agent": DESKTOP_UA },
      }),
    );
    expect(api.headers.get("cache-control")).toBe("private, no-store");
    const body = (await api.json()) as {
      segments: string[];
      source: string;
      decisions: Array<{ rule: string; selector: string; html?: string }>;
    };
    expect(body.segments).toEqual(["High Intent", "Price-Sensitive Analyzer"]);
    expect(body.source).toBe("cookie");
    const tips = body.decisions.find(
      (d) =>
        d.rule === "price-sensitive-comparison-tips" &&
        d.selector === 'div[data-ep-slot="compare-tips"]',
    );
    expect(tips?.html).toContain("Comparing prices?");
  });

  it("refuses a path that is not a site path", async () => {
    const api = await exports.default.fetch(
      new Request(`${BASE}/__ep/personalize?path=https://evil.example/`),
    );
    expect(api.status).toBe(400);
  });
});
