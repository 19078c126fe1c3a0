/**
 * Real-time behaviour as a shopper produces it, in headless Chromium: the tag's
 * events, a live decision applied without a reload, and the seed's abandonment
 * journey. Thresholds are shortened by test configuration only: a copy of
 * rules/ with smaller numbers, built into its own Worker.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { type LocalWorker, startWorker } from "./miniflare-worker";

const SHOPPER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/**
 * rules/ with test thresholds: a 1 s heartbeat, 3 s of idle makes an abandoner, 2 s on a
 * page an engaged non-converter, 2 s comparing a price-sensitive analyzer, whose
 * discount overlay then needs intent over 40 instead of 75.
 */
function fastRules(): string {
  const dir = mkdtempSync(join(tmpdir(), "ep-fast-rules-"));
  cpSync("rules", dir, { recursive: true });
  const edit = (file: string, change: (json: any) => void) => {
    const json = JSON.parse(readFileSync(join(dir, file), "utf8"));
    change(json);
    writeFileSync(join(dir, file), JSON.stringify(json));
  };
  edit("site.json", (site) => {
    site.tag = { heartbeatSeconds: 1 };
  });
  edit("segments.json", ({ segments }) => {
    const leaf = (name: string, fact: string) =>
      segments
        .find((s: { name: string }) => s.name === name)
        .when.all.find((c: { fact?: string }) => c.fact === fact);
    leaf("Cart Abandoner (High Intent)", "signal.idleSeconds").value = 3;
    leaf("Engaged non-converter", "signal.pageEngagedSeconds").value = 2;
    leaf("Price-Sensitive Analyzer", "signal.compareSeconds").value = 2;
  });
  edit("price-sensitivity.rules.json", ({ rules }) => {
    const overlay = rules.find((r: { id: string }) => r.id === "price-sensitive-discount-overlay");
    overlay.when.all.find((c: { fact?: string }) => c.fact === "signal.intent").value = 40;
  });
  return dir;
}

/** Screenshots of what the shopper saw, for people to look at (git-ignored). */
const SHOTS = join("test-results", "screenshots");
mkdirSync(SHOTS, { recursive: true });

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  [worker, browser] = await Promise.all([startWorker(fastRules()), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

interface DebugView {
  segments: string[];
  events: Array<{ type: string; page: string | null; props: Record<string, unknown> }>;
}

async function debug(ctx: BrowserContext): Promise<DebugView> {
  return (await (
    await ctx.request.get(`${worker.url}/__ep/debug/visitor?limit=200`)
  ).json()) as DebugView;
}

async function shopper<T>(fn: (ctx: BrowserContext, page: Page) => Promise<T>): Promise<T> {
  const ctx = await browser.newContext({
    userAgent: SHOPPER_UA,
    viewport: { width: 1200, height: 700 },
  });
  try {
    return await fn(ctx, await ctx.newPage());
  } finally {
    await ctx.close();
  }
}

/** Opens a page and waits until the client tag is running. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${worker.url}${path}`);
  await page.waitForFunction(() => "edgePersonalizer" in window);
}

/** The seed's shopper: a laptop into the cart, then off to compare. */
async function addLaptopThenCompare(page: Page): Promise<void> {
  await open(page, "/products/aero-14-laptop");
  await Promise.all([
    page.waitForURL(`${worker.url}/cart`),
    page.click("button[data-ep-event=add_to_cart]"),
  ]);
  await open(page, "/compare");
}

describe("the client tag in a real browser", () => {
  it("emits page views, scroll, hover, clicks and add-to-cart from the demo store", async () => {
    await shopper(async (ctx, page) => {
      await open(page, "/products/aero-14-laptop");
      for (let i = 0; i < 6; i++) {
        await page.mouse.wheel(0, 400);
        await page.waitForTimeout(100);
      }
      await page.hover(".details .price");
      await page.waitForTimeout(700);
      await page.hover(".features h2");
      await page.waitForTimeout(500);
      await page.mouse.move(5, 5);
      await page.evaluate(() =>
        (
          window as unknown as { edgePersonalizer: { track(t: string, p: object): void } }
        ).edgePersonalizer.track("custom", { name: "api-call", value: 7 }),
      );
      await Promise.all([
        page.waitForURL(`${worker.url}/cart`),
        page.click("button[data-ep-event=add_to_cart]"),
      ]);
      await page.click('nav a[href="/compare"]');
      await page.waitForURL(`${worker.url}/compare`);
      await page.close({ runBeforeUnload: true });

      const expected = [
        "page_view",
        "scroll",
        "hover",
        "add_to_cart",
        "form_submit",
        "click",
        "engagement",
        "custom",
      ];
      await expect
        .poll(async () => [...new Set((await debug(ctx)).events.map((e) => e.type))].sort(), {
          timeout: 10_000,
        })
        .toEqual(expected.sort());
      const { events } = await debug(ctx);
      // Clicking "Add to cart" is not starting to fill in a form.
      expect(events.some((e) => e.type === "form_start")).toBe(false);
      const of = (type: string) => events.filter((e) => e.type === type);
      expect(of("page_view").map((e) => e.page)).toEqual(
        expect.arrayContaining(["/products/aero-14-laptop", "/cart", "/compare"]),
      );
      expect(of("page_view").find((e) => e.page === "/products/aero-14-laptop")?.props).toEqual({
        pageType: "product",
      });
      expect(Math.max(...of("scroll").map((e) => e.props.depth as number))).toBeGreaterThanOrEqual(
        75,
      );
      expect(of("scroll").every((e) => typeof e.props.velocity === "number")).toBe(true);
      const hovers = of("hover").map((e) => e.props);
      expect(hovers.find((h) => h.target === "price")?.dwellMs).toBeGreaterThanOrEqual(600);
      expect(hovers.find((h) => h.target === "features")).toBeDefined();
      expect(of("add_to_cart")[0]?.props).toEqual({
        product: "aero-14-laptop",
        price: 1299,
        quantity: 1,
      });
      expect(of("click").map((e) => e.props.href)).toContain("/compare");
      expect(of("custom")[0]?.props).toEqual({ name: "api-call", value: 7 });
    });
  });

  it("applies a live decision to the page being read, without a reload", async () => {
    await shopper(async (_ctx, page) => {
      await open(page, "/products/forge-16-laptop");
      expect(await page.locator('[data-ep-slot="promo-banner"]').innerHTML()).toBe("");
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const navigations: string[] = [];
      page.on("framenavigated", (f) => navigations.push(f.url()));
      // 2 s of engaged time (test threshold), past 60% scroll, no form: the banner appears in place.
      await expect
        .poll(() => page.locator('[data-ep-slot="promo-banner"] .ep-banner').count(), {
          timeout: 15_000,
        })
        .toBe(1);
      expect(await page.locator('[data-ep-slot="promo-banner"]').innerText()).toContain(
        "50% off this category",
      );
      expect(navigations).toEqual([]);
    });
  });
});

/** A one-second silent WAV, built in the page: something Chromium can really play. */
const ADD_PLAYABLE_AUDIO = () => {
  const rate = 8000;
  const samples = rate;
  const buffer = new ArrayBuffer(44 + samples);
  const v = new DataView(buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, "RIFF");
  v.setUint32(4, 36 + samples, true);
  text(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate, true);
  v.setUint16(32, 1, true);
  v.setUint16(34, 8, true);
  text(36, "data");
  v.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) v.setUint8(44 + i, 128);
  const audio = document.createElement("audio");
  audio.src = URL.createObjectURL(new Blob([buffer], { type: "audio/wav" }));
  audio.muted = true;
  document.body.append(audio);
  return audio.play();
};

describe("media, consent and robustness", () => {
  it("reports media play and progress to the end, and the device context", async () => {
    await shopper(async (ctx, page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await open(page, "/");
      await page.evaluate(ADD_PLAYABLE_AUDIO);
      await page.waitForTimeout(1800);
      await page.close({ runBeforeUnload: true });
      await expect
        .poll(
          async () => (await debug(ctx)).events.filter((e) => e.type.startsWith("video")).length,
          { timeout: 10_000 },
        )
        .toBeGreaterThanOrEqual(2);
      const { events, context } = (await debug(ctx)) as DebugView & {
        context: Record<string, unknown>;
      };
      expect(events.some((e) => e.type === "video_play")).toBe(true);
      const progress = events
        .filter((e) => e.type === "video_progress")
        .map((e) => e.props.percent);
      expect(progress).toContain(100);
      expect(context).toMatchObject({ screenW: 1200, screenH: 700, dpr: 1, touch: false });
      expect(errors).toEqual([]);
    });
  });

  it("sends nothing when the page says no (window.epConsent = false) or the browser sends GPC", async () => {
    for (const setup of ["consent", "gpc"] as const) {
      await shopper(async (ctx, page) => {
        const collected: string[] = [];
        page.on("request", (r) => {
          if (r.url().includes("/__ep/collect")) collected.push(r.url());
        });
        if (setup === "consent")
          await page.addInitScript(() => Object.assign(window, { epConsent: false }));
        else
          await page.addInitScript(() =>
            Object.defineProperty(navigator, "globalPrivacyControl", { value: true }),
          );
        await page.goto(`${worker.url}/products/aero-14-laptop`);
        await page.waitForFunction(() => "edgePersonalizer" in window);
        await page.mouse.wheel(0, 2000);
        await page.hover(".details .price");
        await page.waitForTimeout(2500);
        await page.close({ runBeforeUnload: true });
        expect(collected, setup).toEqual([]);
        expect((await debug(ctx)).events, setup).toEqual([]);
      });
    }
  });
});

describe("the seed's abandonment journey", () => {
  it("adds a laptop, compares, leaves — and the next page view shows the discount banner with its countdown", async () => {
    await shopper(async (ctx, page) => {
      await addLaptopThenCompare(page);
      await page.hover(".compare-price td");
      await page.waitForTimeout(2500);
      await page.mouse.move(5, 5);
      await page.close({ runBeforeUnload: true });

      // Nothing happens for a while: the Visitor object's alarm turns the idle cart into an abandoned one.
      await expect
        .poll(async () => (await debug(ctx)).segments, { timeout: 20_000, interval: 500 })
        .toContain("Cart Abandoner (High Intent)");

      const back = await ctx.newPage();
      await back.goto(`${worker.url}/`);
      const banner = back.locator('[data-ep-slot="promo-banner"] .ep-banner');
      await expect.poll(() => banner.count()).toBe(1);
      expect(await banner.innerText()).toContain("COMEBACK10");
      const first = await banner.locator(".ep-countdown").innerText();
      expect(first).toMatch(/^1[45]:\d\d$/);
      await back.waitForTimeout(1500);
      const later = await banner.locator(".ep-countdown").innerText();
      expect(later).not.toBe(first);
      await back.screenshot({ path: join(SHOTS, "seed-4-cart-abandoner-banner.png") });
    });
  });
});

describe("more seed journeys", () => {
  it("seed 3: a phone reading slowly gets heavy animations switched off on its next page", async () => {
    const ctx = await browser.newContext({
      userAgent:
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await ctx.newPage();
      await open(page, "/products/aero-14-laptop");
      expect(await page.locator("html").getAttribute("class")).toBeNull();
      // Reading without scrolling: the heartbeats report a speed of 0 px/s.
      await expect
        .poll(
          async () =>
            (
              (await (await ctx.request.get(`${worker.url}/__ep/debug/visitor`)).json()) as {
                signals: Record<string, number>;
              }
            ).signals.scrollVelocity,
          {
            timeout: 10_000,
          },
        )
        .toBe(0);
      await page.goto(`${worker.url}/`);
      expect(await page.locator("html").getAttribute("class")).toBe("ep-reduce-motion");
      expect(
        await page.locator(".hero h1").evaluate((el) => getComputedStyle(el).animationName),
      ).toBe("none");
      await page.screenshot({ path: join(SHOTS, "seed-3-calm-motion.png") });
    } finally {
      await ctx.close();
    }
  });

  it("seed 5: a shopper comparing prices gets comparison tips and, with a full cart and high intent, the discount overlay", async () => {
    await shopper(async (_ctx, page) => {
      await addLaptopThenCompare(page);
      expect(await page.locator('[data-ep-slot="compare-tips"]').innerHTML()).toBe("");
      await page.hover(".compare-price td");
      await page.waitForTimeout(1500);
      await page.hover(".compare-table tbody tr:nth-child(2) th");
      // Live: the tips and the overlay appear in the page being read, no reload.
      await expect
        .poll(() => page.locator('[data-ep-slot="compare-tips"] .ep-tip').count(), {
          timeout: 15_000,
        })
        .toBe(1);
      expect(await page.locator('[data-ep-slot="compare-tips"]').innerText()).toContain(
        "Comparing prices?",
      );
      await expect
        .poll(() => page.locator('[data-ep-slot="overlay"] .ep-overlay').count(), {
          timeout: 15_000,
        })
        .toBe(1);
      expect(await page.locator(".ep-overlay").innerText()).toContain("SAVE15");
      await page.screenshot({ path: join(SHOTS, "seed-5-price-sensitive.png") });
    });
  });
});
