/** Facts read from the request: device, OS, network, geo, referrer, UTM, cookies, headers, time. */
import { describe, expect, it } from "vitest";
import { referrerKind, requestFacts } from "../../src/edge/request-facts";
import { NO_STATE } from "../../src/edge/visitor-state";
import { resolvePage } from "../../src/engine/select-actions";
import { get, ruleSet, through } from "./helpers";

function factsOf(request: Request, now = Date.UTC(2026, 10, 21, 14, 30), timeZone = "UTC") {
  return requestFacts({
    request,
    page: { path: new URL(request.url).pathname, type: "product", params: { slug: "aero" } },
    returning: false,
    state: { ...NO_STATE, signals: { intent: 80 } },
    timeZone,
    now,
  });
}

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
const IPAD = "Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
const ANDROID_TABLET =
  "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";
const MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15";

describe("device and OS", () => {
  const cases: Array<[Record<string, string>, string, string]> = [
    [{ "user-agent": IPHONE }, "mobile", "ios"],
    [{ "user-agent": IPAD }, "tablet", "ios"],
    [{ "user-agent": ANDROID_TABLET }, "tablet", "android"],
    [{ "user-agent": MAC }, "desktop", "macos"],
    [{ "user-agent": "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)" }, "desktop", "chromeos"],
    [
      { "user-agent": MAC, "sec-ch-ua-mobile": "?1", "sec-ch-ua-platform": '"Android"' },
      "mobile",
      "android",
    ],
  ];
  for (const [headers, type, os] of cases) {
    it(`${JSON.stringify(headers).slice(0, 60)} → ${type}, ${os}`, () => {
      const facts = factsOf(new Request("https://shop.test/p", { headers }));
      expect(facts.fact("device.type")).toBe(type);
      expect(facts.fact("device.os")).toBe(os);
    });
  }
});

describe("request facts", () => {
  it("reads network hints, geo, UTM, query, cookies, headers, path params and signals", () => {
    const request = new Request(
      "https://shop.test/products/aero?utm_source=news&utm_campaign=spring&q=laptop",
      {
        headers: {
          ect: "3g",
          "save-data": "on",
          downlink: "1.5",
          rtt: "300",
          cookie: "a=1; theme=dark%20blue",
          "x-ab": "b",
          referer: "https://www.google.com/search?q=x",
        },
        cf: {
          country: "DE",
          city: "Berlin",
          continent: "EU",
          region: "Berlin",
          timezone: "Europe/Berlin",
          clientTcpRtt: 42,
        },
      },
    );
    const f = factsOf(request);
    expect([
      f.fact("network.ect"),
      f.fact("network.saveData"),
      f.fact("network.downlink"),
      f.fact("network.rtt"),
    ]).toEqual(["3g", true, 1.5, 300]);
    expect(f.fact("network.edgeRtt")).toBe(42);
    expect([
      f.fact("geo.country"),
      f.fact("geo.city"),
      f.fact("geo.continent"),
      f.fact("geo.timezone"),
    ]).toEqual(["DE", "Berlin", "EU", "Europe/Berlin"]);
    expect([f.fact("utm.source"), f.fact("utm.campaign"), f.fact("utm.medium")]).toEqual([
      "news",
      "spring",
      undefined,
    ]);
    expect(f.fact("query.q")).toBe("laptop");
    expect(f.fact("cookie.theme")).toBe("dark blue");
    expect(f.fact("header.x-ab")).toBe("b");
    expect(f.fact("path.slug")).toBe("aero");
    expect(f.fact("signal.intent")).toBe(80);
    expect(f.fact("referrer.host")).toBe("www.google.com");
    expect(f.fact("referrer.kind")).toBe("search");
    expect(f.fact("network.ect")).toBe("3g");
  });

  it("ignores client hints with values outside their range", () => {
    const f = factsOf(
      new Request("https://shop.test/", { headers: { ect: "5g", downlink: "fast" } }),
    );
    expect(f.fact("network.ect")).toBeUndefined();
    expect(f.fact("network.downlink")).toBeUndefined();
    expect(f.fact("network.saveData")).toBe(false);
  });

  it("classifies referrers", () => {
    expect(referrerKind(null, "shop.test", null)).toBe("direct");
    expect(referrerKind("https://shop.test/cart", "shop.test", null)).toBe("internal");
    expect(referrerKind("https://l.instagram.com/", "shop.test", null)).toBe("social");
    expect(referrerKind("https://news.example/", "shop.test", null)).toBe("other");
    expect(referrerKind("https://www.facebook.com/", "shop.test", null)).toBe("social");
    expect(referrerKind("https://t.co/abc", "shop.test", null)).toBe("social");
    expect(referrerKind("https://blog.example/", "shop.test", "Email")).toBe("email");
    expect(referrerKind("not a url", "shop.test", null)).toBe("other");
  });

  it("gives the hour and weekday in the configured time zone", () => {
    // 2026-11-21 is a Saturday; 14:30 UTC is 09:30 in New York and 23:30 in Tokyo.
    const now = Date.UTC(2026, 10, 21, 14, 30);
    const ny = factsOf(new Request("https://shop.test/"), now, "America/New_York");
    expect([ny.fact("time.hour"), ny.fact("time.weekday")]).toEqual([9, "sat"]);
    const tokyo = factsOf(new Request("https://shop.test/"), now, "Asia/Tokyo");
    expect([tokyo.fact("time.hour"), tokyo.fact("time.weekday")]).toEqual([23, "sat"]);
  });
});

describe("rules over time and page facts", () => {
  it("fires a time-of-day rule only in its hours, in the site's zone", async () => {
    const site = {
      file: "site.json",
      data: { timeZone: "America/New_York", pageTypes: { product: ["/page"] } },
    };
    const rules = ruleSet(
      [
        {
          id: "morning",
          when: {
            all: [
              { fact: "time.hour", op: "between", value: [6, 11] },
              { fact: "time.weekday", op: "in", value: ["sat", "sun"] },
            ],
          },
          actions: [
            {
              type: "inject",
              target: { slot: "offer" },
              position: "inner",
              html: "<i>weekend morning</i>",
            },
          ],
        },
      ],
      {},
      site,
    );
    const morning = await through(rules, get("/page"), { now: Date.UTC(2026, 10, 21, 14, 30) });
    expect(await morning.text()).toContain("<i>weekend morning</i>");
    const evening = await through(rules, get("/page"), { now: Date.UTC(2026, 10, 21, 23, 30) });
    expect(await evening.text()).not.toContain("<i>weekend morning</i>");
  });

  it("applies a rule gated on a <meta> page fact only where the page says so", async () => {
    const gated = (equals: string) =>
      ruleSet([
        {
          id: "meta",
          source: { meta: [{ name: "ep:page-type", equals }] },
          actions: [
            { type: "inject", target: { slot: "offer" }, position: "inner", html: "<i>gated</i>" },
          ],
        },
      ]);
    expect(await (await through(gated("product"), get("/page"))).text()).toContain("<i>gated</i>");
    expect(await (await through(gated("article"), get("/page"))).text()).not.toContain(
      "<i>gated</i>",
    );
  });

  it("resolves page types in declaration order", () => {
    const rules = ruleSet(
      [],
      {},
      {
        file: "site.json",
        data: { pageTypes: { sale: ["/products/sale"], product: ["/products/:slug"] } },
      },
    );
    expect(resolvePage(rules, "/products/sale").type).toBe("sale");
    expect(resolvePage(rules, "/products/aero").type).toBe("product");
  });
});
