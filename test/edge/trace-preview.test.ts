/** Decision traces and previews: free in development, token-only in production, never a shopper's lever. */
import { describe, expect, it } from "vitest";
import { mintPreviewToken } from "../../src/edge/preview-token";
import { get, ruleSet, through } from "./helpers";

const rules = ruleSet([
  {
    id: "abandoner-banner",
    priority: 5,
    when: { segment: "Cart Abandoner (High Intent)" },
    actions: [
      {
        type: "inject",
        target: { slot: "promo-banner" },
        position: "inner",
        html: "<b>COMEBACK</b>",
      },
    ],
  },
  {
    id: "mobile-only",
    when: { all: [{ fact: "device.type", op: "eq", value: "mobile" }] },
    actions: [{ type: "add_class", target: { selector: "html" }, class: "m" }],
  },
  {
    id: "campaign",
    when: { fact: "utm.campaign", op: "exists", value: true },
    actions: [
      { type: "inject", target: { slot: "offer" }, position: "inner", html: "<i>campaign</i>" },
    ],
  },
]);

const dev = { envOverrides: { ENVIRONMENT: "development" } };
const prod = { envOverrides: { ENVIRONMENT: "production" } };
const SECRET = "test-cookie-secret";

describe("decision trace", () => {
  it("lists every rule: fired, or the first failing condition — as a header and an HTML comment", async () => {
    const res = await through(rules, get("/page?utm_campaign=spring&__ep_trace=1"), dev);
    const header = res.headers.get("x-ep-trace")!;
    expect(header).toContain("rule campaign: fired");
    expect(header).toContain(
      'rule abandoner-banner: not fired - condition: not in segment "Cart Abandoner (High Intent)"',
    );
    expect(header).toContain(
      'rule mobile-only: not fired - condition: device.type eq "mobile" - was "desktop"',
    );
    expect(res.headers.get("server-timing")).toContain('ep-rules;desc="1 of 3 fired"');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const html = await res.text();
    expect(html).toMatch(/<!-- edge-personalizer decision trace\npage \/page type=product\n/);
    expect(html).toContain("rule mobile-only: not fired");
    expect(html.trimEnd().endsWith("-->")).toBe(true);
  });

  it("keeps request values in the comment inert", async () => {
    const res = await through(
      rules,
      get("/page?utm_campaign=x&__ep_trace=1", {
        "user-agent": "--><script>alert(1)</script> Mobile",
      }),
      dev,
    );
    const html = await res.text();
    const comment = html.slice(html.indexOf("<!-- edge-personalizer"));
    expect(comment.indexOf("-->")).toBe(comment.length - 4);
    expect(comment).not.toContain("<script>");
  });

  it("is refused in production without a token, and says why", async () => {
    const res = await through(rules, get("/page?__ep_trace=1"), prod);
    expect(res.headers.get("x-ep-trace")).toBeNull();
    expect(res.headers.get("x-ep-debug")).toMatch(/^refused/);
    expect(await res.text()).not.toContain("decision trace");
  });

  it("is given in production with a valid preview token, by header or query", async () => {
    const token = await mintPreviewToken(SECRET, Date.now() + 60_000);
    const byHeader = await through(
      rules,
      get("/page", { "x-ep-trace": "1", "x-ep-preview-token": token }),
      prod,
    );
    expect(byHeader.headers.get("x-ep-trace")).toContain("rule campaign: not fired");
    const byQuery = await through(rules, get(`/page?__ep_trace=1&__ep_token=${token}`), prod);
    expect(byQuery.headers.get("x-ep-trace")).toContain("rule campaign");
  });
});

describe("preview", () => {
  it("shows the page as a cart abandoner in development", async () => {
    const res = await through(
      rules,
      get("/page?__ep_preview=Cart%20Abandoner%20(High%20Intent),High%20Intent"),
      dev,
    );
    const html = await res.text();
    expect(html).toContain("<b>COMEBACK</b>");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ep_seg="))).toBe(false);
  });

  it("is refused in production without a token, with an expired token, or one signed with another secret", async () => {
    const expired = await mintPreviewToken(SECRET, Date.now() - 1000);
    const foreign = await mintPreviewToken("someone-elses-secret", Date.now() + 60_000);
    for (const extra of [
      "",
      `&__ep_token=${expired}`,
      `&__ep_token=${foreign}`,
      "&__ep_token=v1.9999999999.forged",
    ]) {
      const res = await through(
        rules,
        get(`/page?__ep_preview=Cart%20Abandoner%20(High%20Intent)${extra}`),
        prod,
      );
      expect(await res.text(), extra).not.toContain("<b>COMEBACK</b>");
      expect(res.headers.get("x-ep-debug"), extra).toMatch(/^refused/);
    }
  });

  it("works in production with a valid token, and reports unknown segment names", async () => {
    const token = await mintPreviewToken(SECRET, Date.now() + 60_000);
    const res = await through(
      rules,
      get(
        `/page?__ep_preview=Cart%20Abandoner%20(High%20Intent),Nope&__ep_trace=1&__ep_token=${token}`,
      ),
      prod,
    );
    expect(await res.text()).toContain("<b>COMEBACK</b>");
    expect(res.headers.get("x-ep-trace")).toContain("preview ignored unknown segments: Nope");
    expect(res.headers.get("x-ep-trace")).toContain(
      "state preview: segments=[Cart Abandoner (High Intent)]",
    );
  });

  it("does not forward our debugging controls to the origin", async () => {
    const token = await mintPreviewToken(SECRET, Date.now() + 60_000);
    const res = await through(
      rules,
      get(`/echo?q=1&__ep_trace=1&__ep_token=${token}`, { "x-ep-preview-token": token }),
      dev,
    );
    const echo = (await res.json()) as { url: string; headers: Record<string, string> };
    expect(echo.url).toBe("https://origin.test/echo?q=1");
    expect(echo.headers["x-ep-preview-token"]).toBeUndefined();
  });
});
