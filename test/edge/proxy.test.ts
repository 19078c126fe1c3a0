/** Origin proxy semantics: forwarding, headers, redirects, cookies, pass-through, loops, failures. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { servePage } from "../../src/edge/page-path";
import { emptyReader } from "../../src/edge/visitor-state";
import { BINARY } from "../fixtures/stub-pages";
import { DESKTOP_UA, get, PUBLIC, ruleSet, through } from "./helpers";

const rules = ruleSet([
  {
    id: "banner",
    actions: [
      { type: "inject", target: { slot: "promo-banner" }, position: "inner", html: "<b>EP</b>" },
    ],
  },
]);

describe("forwarding", () => {
  it("forwards method, path, query, headers and body, with X-Forwarded-* and the loop guard", async () => {
    const response = await through(
      rules,
      new Request(`${PUBLIC}/echo?q=1&b=two`, {
        method: "POST",
        headers: {
          "content-type": "text/plain",
          "x-custom": "kept",
          "cf-connecting-ip": "203.0.113.9",
          "user-agent": DESKTOP_UA,
        },
        body: "hello origin",
      }),
    );
    const echo = (await response.json()) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echo.method).toBe("POST");
    expect(echo.url).toBe("https://origin.test/echo?q=1&b=two");
    expect(echo.body).toBe("hello origin");
    expect(echo.headers["x-custom"]).toBe("kept");
    expect(echo.headers["x-forwarded-host"]).toBe("shop.test");
    expect(echo.headers["x-forwarded-proto"]).toBe("https");
    expect(echo.headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(echo.headers["x-edge-personalizer-hop"]).toBe("1");
    expect(echo.headers["cf-connecting-ip"]).toBeUndefined();
  });

  it("forwards PUT and DELETE untouched", async () => {
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const response = await through(
        rules,
        new Request(`${PUBLIC}/echo`, {
          method,
          body: method === "DELETE" ? null : "x",
          headers: { "user-agent": DESKTOP_UA },
        }),
      );
      expect(((await response.json()) as { method: string }).method).toBe(method);
    }
  });

  it("refuses to proxy to itself (loop guard header, or ORIGIN_URL = the public host)", async () => {
    const looped = await through(rules, get("/page", { "x-edge-personalizer-hop": "1" }));
    expect(looped.status).toBe(508);
    const self = await through(rules, get("/page"), { envOverrides: { ORIGIN_URL: PUBLIC } });
    expect(self.status).toBe(508);
    expect(await self.text()).toMatch(/ORIGIN_URL/);
  });
});

describe("redirects and cookies", () => {
  it("rewrites an absolute Location on the origin host to the public host", async () => {
    const response = await through(rules, get("/redirect"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://shop.test/landing?from=redirect");
  });

  it("leaves relative and foreign Locations alone", async () => {
    expect((await through(rules, get("/redirect-relative"))).headers.get("location")).toBe(
      "/relative-target",
    );
    expect((await through(rules, get("/redirect-elsewhere"))).headers.get("location")).toBe(
      "https://payments.example/pay",
    );
  });

  it("keeps every Set-Cookie and drops a Domain that names the origin host", async () => {
    const response = await through(rules, get("/cookies"));
    const cookies = response.headers.getSetCookie();
    expect(cookies).toContain("a=1; Path=/; HttpOnly");
    expect(cookies).toContain("b=2; Path=/");
    expect(cookies).toContain("c=3; Domain=other.example; Path=/");
    expect(cookies.some((c) => c.startsWith("ep_vid=v1."))).toBe(true);
  });
});

describe("pass-through", () => {
  it("streams non-HTML byte for byte with the origin's status and headers", async () => {
    const response = await through(rules, get("/binary"));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-origin")).toBe("binary");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("server-timing")).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(BINARY);
  });

  it("keeps ETag on JSON and answers conditional requests with the origin's 304", async () => {
    const json = await through(rules, get("/data.json"));
    expect(json.headers.get("etag")).toBe('"j1"');
    expect(await json.text()).toBe('{"a":1}');
    const notModified = await through(rules, get("/conditional", { "if-none-match": '"c1"' }));
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe('"c1"');
  });

  it("passes Range requests through untouched (206)", async () => {
    const response = await through(rules, get("/range", { range: "bytes=0-3" }));
    expect(response.status).toBe(206);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(BINARY.slice(0, 4));
  });

  it("answers HEAD without a body and without rewriting", async () => {
    const response = await through(
      rules,
      new Request(`${PUBLIC}/page`, { method: "HEAD", headers: { "user-agent": DESKTOP_UA } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"v1"');
    expect(response.headers.get("server-timing")).toBeNull();
  });

  it("leaves origin error pages untouched", async () => {
    const response = await through(rules, get("/error"));
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('<div data-ep-slot="promo-banner"></div>');
    expect(body).not.toContain("<b>EP</b>");
  });

  it("leaves POSTed HTML, bots and opted-out visitors untouched", async () => {
    const post = await through(
      rules,
      new Request(`${PUBLIC}/page`, {
        method: "POST",
        body: "x",
        headers: { "user-agent": DESKTOP_UA },
      }),
    );
    expect(await post.text()).not.toContain("<b>EP</b>");
    const bot = await through(
      rules,
      get("/page", { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" }),
    );
    expect(bot.headers.get("etag")).toBe('"v1"');
    expect(await bot.text()).not.toContain("<b>EP</b>");
    const optedOut = await through(rules, get("/page", { cookie: "ep_optout=1" }));
    expect(await optedOut.text()).not.toContain("<b>EP</b>");
    const personalized = await through(rules, get("/page"));
    expect(await personalized.text()).toContain("<b>EP</b>");
  });
});

describe("origin failure", () => {
  it("answers 502 with a clear page when the origin cannot be reached", async () => {
    const response = await servePage(
      new Request(`${PUBLIC}/page`, { headers: { "user-agent": DESKTOP_UA } }),
      {
        rules,
        origin: {
          base: new URL("https://origin.test"),
          fetch: () => Promise.reject(new TypeError("Network connection lost.")),
        },
        segments: emptyReader,
        cookieSecret: env.COOKIE_SECRET,
        now: Date.now,
      },
    );
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toContain("could not be reached");
  });
});
