/** The shipped Worker (bundled rules/) in front of the embedded demo store, through its default export. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DESKTOP_UA, MOBILE_UA } from "./helpers";

const visit = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  exports.default.fetch(
    new Request(`http://localhost:8787${path}`, {
      ...init,
      redirect: "manual",
      headers: { "user-agent": DESKTOP_UA, ...init.headers },
    }),
  );

describe("demo storefront through the Worker", () => {
  it("serves every page type as HTML with its named slots", async () => {
    for (const [path, slot] of [
      ["/", "hero-headline"],
      ["/category/laptops", "category-offer"],
      ["/products/aero-14-laptop", "product-offer"],
      ["/compare", "compare-tips"],
      ["/cart", "cart-offer"],
      ["/checkout", "checkout-offer"],
    ] as const) {
      const response = await visit(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/text\/html/);
      const html = await response.text();
      expect(html, path).toContain(`data-ep-slot="${slot}"`);
      expect(html, path).toContain('data-ep-slot="promo-banner"');
    }
  });

  it("applies the campaign rule with the campaign name escaped", async () => {
    const html = await (await visit("/?utm_campaign=%3Cb%3Espring%3C%2Fb%3E")).text();
    expect(html).toContain("Welcome, &lt;b&gt;spring&lt;/b&gt; shoppers");
  });

  it("greets a returning visitor, recognised by the signed cookie it was given", async () => {
    const first = await visit("/");
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith("ep_vid="))!;
    expect(await first.text()).not.toContain("Welcome back");
    const again = await visit("/", { headers: { cookie: cookie.split(";")[0]! } });
    expect(await again.text()).toContain("Welcome back");
    const forged = await visit("/", {
      headers: { cookie: "ep_vid=v1.AAAAAAAAAAAAAAAAAAAAAA.1700000000.forged" },
    });
    expect(await forged.text()).not.toContain("Welcome back");
  });

  it("includes the store's free-shipping fragment on product pages", async () => {
    const html = await (await visit("/products/aero-14-laptop")).text();
    expect(html).toContain(
      '<div data-ep-slot="product-offer"><p class="ep-tip">Free two-day shipping on every order today.</p></div>',
    );
  });

  it("gives phones on slow networks the lite layout with lighter images and no hero video", async () => {
    const html = await (
      await visit("/", { headers: { "user-agent": MOBILE_UA, ect: "3g" } })
    ).text();
    expect(html).toMatch(/<html lang="en" class="ep-lite">/);
    expect(html).toContain("data-ep-video-poster");
    expect(html).not.toContain("/assets/video/hero.mp4");
    expect(html).not.toContain("1600w");
    const desktop = await (await visit("/")).text();
    expect(desktop).toContain("/assets/video/hero.mp4");
  });

  it("keeps the cart flow working: POST redirects with its cookie, the cart shows the item", async () => {
    const added = await visit("/cart/add", {
      method: "POST",
      body: new URLSearchParams({ slug: "aero-14-laptop" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/cart");
    const cart = added.headers.getSetCookie().find((c) => c.startsWith("demo_cart="))!;
    const html = await (await visit("/cart", { headers: { cookie: cart.split(";")[0]! } })).text();
    expect(html).toContain("Aero 14 Laptop");
    expect(html).toContain('Cart (<span id="cart-count">1</span>)');
  });

  it("passes assets through untouched", async () => {
    const svg = await visit("/assets/img/laptop-800.svg");
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("set-cookie")).toBeNull();
    expect(await svg.text()).toMatch(/^<svg /);
    const video = await visit("/assets/video/hero.mp4");
    expect((await video.arrayBuffer()).byteLength).toBe(256 * 1024);
  });

  it("answers its health endpoint and a JSON 404 for unknown /__ep/ paths", async () => {
    expect(await (await visit("/__ep/health")).json()).toEqual({ ok: true, rules: 9 });
    const missing = await visit("/__ep/nope");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { reason: string } }).error.reason).toBe(
      "not_found",
    );
  });
});
