/** Whatever of ours fails or hangs, the shopper gets the origin page (minus only what failed). */
import { describe, expect, it } from "vitest";
import type { CompiledRuleSet } from "../../src/engine/rule-set";
import { get, PAGE_ORIGIN_HTML, returningCookie, ruleSet, stateReader, through } from "./helpers";

const segmentRule = {
  id: "seg",
  when: { segment: "High Intent" },
  actions: [{ type: "inject", target: { slot: "offer" }, position: "inner", html: "<i>seg</i>" }],
};
const contextRule = {
  id: "ctx",
  actions: [
    { type: "inject", target: { slot: "promo-banner" }, position: "inner", html: "<i>ctx</i>" },
  ],
};

describe("segment read", () => {
  it("uses the segments when the reader answers in time", async () => {
    const html = await (
      await through(ruleSet([segmentRule]), get("/page", { cookie: await returningCookie() }), {
        reader: stateReader(["High Intent"]),
      })
    ).text();
    expect(html).toContain("<i>seg</i>");
  });

  it("serves the page without segments when the reader throws", async () => {
    const response = await through(
      ruleSet([segmentRule, contextRule]),
      get("/page", { cookie: await returningCookie() }),
      {
        reader: { read: () => Promise.reject(new Error("state layer down")) },
      },
    );
    const html = await response.text();
    expect(html).not.toContain("<i>seg</i>");
    expect(html).toContain("<i>ctx</i>");
    expect(response.headers.get("server-timing")).toContain("state: error");
  });

  it("stops waiting for a reader that hangs, after the segment budget", async () => {
    const response = await through(
      ruleSet([segmentRule, contextRule]),
      get("/page", { cookie: await returningCookie() }),
      {
        reader: { read: () => new Promise(() => {}) },
      },
    );
    const html = await response.text();
    expect(html).toContain("<i>ctx</i>");
    expect(html).not.toContain("<i>seg</i>");
    expect(response.headers.get("server-timing")).toContain("state: timeout");
  });

  it("does not read state for a first-time visitor, or when no rule needs it", async () => {
    let reads = 0;
    const counting = {
      read: async () => {
        reads++;
        return stateReader(["High Intent"]).read("x", new Request("https://shop.test/"));
      },
    };
    await through(ruleSet([segmentRule]), get("/page"), { reader: counting });
    await through(ruleSet([contextRule]), get("/page", { cookie: await returningCookie() }), {
      reader: counting,
    });
    expect(reads).toBe(0);
    await through(ruleSet([segmentRule]), get("/page", { cookie: await returningCookie() }), {
      reader: counting,
    });
    expect(reads).toBe(1);
  });
});

describe("faulty rules and handlers", () => {
  it("isolates a rule that throws while being evaluated", async () => {
    const good = ruleSet([contextRule]);
    const broken: CompiledRuleSet = {
      ...good,
      rules: [
        {
          ...good.rules[0]!,
          id: "broken",
          paths: [
            {
              pattern: "/boom",
              match: () => {
                throw new Error("boom");
              },
              test: () => {
                throw new Error("boom");
              },
            },
          ],
        },
        ...good.rules,
      ],
    };
    const html = await (await through(broken, get("/page"))).text();
    expect(html).toContain("<i>ctx</i>");
  });

  it("serves the origin page unchanged when the rewriter cannot be built", async () => {
    const good = ruleSet([contextRule]);
    const action = good.rules[0]!.actions[0]!;
    const broken: CompiledRuleSet = {
      ...good,
      rules: [{ ...good.rules[0]!, actions: [{ ...action, selector: "div + p" }] }],
    };
    const response = await through(broken, get("/page"));
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"v1"');
    expect(response.headers.get("server-timing")).toBeNull();
    expect(await response.text()).toBe(PAGE_ORIGIN_HTML);
  });
});

describe("a compressed page whose rewriter cannot be built", () => {
  it("is still served whole, decoded", async () => {
    const good = ruleSet([contextRule]);
    const action = good.rules[0]!.actions[0]!;
    const broken: CompiledRuleSet = {
      ...good,
      rules: [{ ...good.rules[0]!, actions: [{ ...action, selector: "div + p" }] }],
    };
    const response = await through(broken, get("/gzip", { "accept-encoding": "gzip" }));
    expect(response.status).toBe(200);
    const body =
      response.headers.get("content-encoding") === "gzip"
        ? response.body!.pipeThrough(new DecompressionStream("gzip"))
        : response.body!;
    expect(await new Response(body).text()).toBe(PAGE_ORIGIN_HTML);
  });
});
