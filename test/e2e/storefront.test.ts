/** The demo store as a shopper sees it: real `wrangler dev`, real headless Chromium. */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { type DevServer, freePort, startWranglerDev } from "./wrangler-dev";

let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWranglerDev(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A shopper's browser: headless Chromium says "HeadlessChrome", which the Worker rightly treats as a bot. */
const SHOPPER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

async function withContext<T>(
  options: Parameters<Browser["newContext"]>[0],
  fn: (ctx: BrowserContext) => Promise<T>,
) {
  const ctx = await browser.newContext({ userAgent: SHOPPER_UA, ...options });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

describe("demo storefront in Chromium", () => {
  it("serves a headless crawler the origin page untouched", async () => {
    await withContext({ userAgent: undefined }, async (ctx) => {
      const page = await ctx.newPage();
      const response = await page.goto(`${server.url}/?utm_campaign=spring`);
      expect(await response!.headerValue("server-timing")).toBeNull();
      expect(await page.locator("h1").innerText()).toBe("Gear that keeps up with you");
    });
  });

  it("shows the store, and a hostile campaign name as harmless text", async () => {
    await withContext({}, async (ctx) => {
      const page = await ctx.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const hostile = encodeURIComponent('<img src=x onerror=alert("xss")>');
      const response = await page.goto(`${server.url}/?utm_campaign=${hostile}`);
      expect(response!.status()).toBe(200);
      await expect
        .poll(() => page.locator("h1").innerText())
        .toContain('Welcome, <img src=x onerror=alert("xss")> shoppers');
      expect(await page.locator("h1 img").count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(await page.title()).toBe("Home · Northwind Electronics");
    });
  });

  it("welcomes a returning shopper on their next visit", async () => {
    await withContext({}, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${server.url}/`);
      expect(await page.locator("h1").innerText()).toBe("Gear that keeps up with you");
      await page.goto(`${server.url}/`);
      expect(await page.locator("h1").innerText()).toContain("Welcome back");
    });
  });

  it("gives a phone on a slow network the lite page: poster instead of video, lazy images", async () => {
    await withContext(
      {
        userAgent:
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        extraHTTPHeaders: { "save-data": "on" },
      },
      async (ctx) => {
        const page = await ctx.newPage();
        await page.goto(`${server.url}/`);
        expect(await page.locator("html").getAttribute("class")).toContain("ep-lite");
        expect(await page.locator("video").count()).toBe(0);
        expect(await page.locator("img[data-ep-video-poster]").count()).toBe(1);
        const lazy = await page.locator('img[loading="lazy"]').count();
        expect(lazy).toBeGreaterThanOrEqual(3);
      },
    );
  });

  it("lets a shopper add to cart through the proxy and see the free-shipping include", async () => {
    await withContext({}, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${server.url}/products/aero-14-laptop`);
      await expect
        .poll(() => page.locator('[data-ep-slot="product-offer"] .ep-tip').innerText())
        .toContain("Free two-day shipping");
      await Promise.all([
        page.waitForURL(`${server.url}/cart`),
        page.click("button[data-ep-event=add_to_cart]"),
      ]);
      expect(await page.locator("#cart-count").innerText()).toBe("1");
      expect(await page.locator(".cart-lines").innerText()).toContain("Aero 14 Laptop");
    });
  });
});

describe("origin down", () => {
  it("shows the shopper a clear 502 page", async () => {
    const closedPort = await freePort();
    const down = await startWranglerDev({ ORIGIN_URL: `http://127.0.0.1:${closedPort}` });
    try {
      await withContext({}, async (ctx) => {
        const page = await ctx.newPage();
        const response = await page.goto(`${down.url}/`);
        expect(response!.status()).toBe(502);
        expect(await page.locator("h1").innerText()).toBe("We'll be right back");
      });
    } finally {
      await down.stop();
    }
  });
});
