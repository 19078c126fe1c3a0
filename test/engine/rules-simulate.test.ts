/** rules:simulate on the shipped seed scenarios: the timeline, time-driven transitions, rule verdicts. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRulesDir } from "../../src/cli/read-rules-dir";
import { formatTimeline, parseOffset, parseScenario } from "../../src/cli/rules-simulate";
import { simulate } from "../../src/cli/simulation";
import { compileRules } from "../../src/engine/compile-rules";

const compiled = compileRules(readRulesDir("rules").sources);
if (!compiled.ok) throw new Error("rules do not compile");
const rules = compiled.value;
const run = (file: string) => {
  const scenario = parseScenario(readFileSync(`rules/scenarios/${file}`, "utf8"));
  return { scenario, result: simulate(rules, scenario) };
};
const verdict = (result: ReturnType<typeof simulate>, page: string, rule: string) =>
  result.pages.find((p) => p.path === page)?.rules.find((r) => r.id === rule);

describe("seed scenarios", () => {
  it("cart abandoner: enters High Intent on the add to cart, becomes an abandoner by time alone 30 min after the last activity", () => {
    const { result, scenario } = run("cart-abandoner.jsonl");
    const addToCart = result.steps.find((s) => s.event?.type === "add_to_cart")!;
    expect(addToCart.signals.cartValue).toBe(1299);
    // 5 + 5 + 40 = 50 less 35 s of decay: just under; the comparison page view tips it over.
    expect(addToCart.signals.intent).toBeLessThan(50);
    const highIntent = result.steps.find((s) => s.entered.includes("High Intent"))!;
    expect(highIntent.event).toMatchObject({ type: "page_view", page: "/compare" });
    const byTime = result.steps.filter((s) => s.kind === "time");
    // The last activity (the hover) was at +80 s; engagement heartbeats are not activity.
    expect(byTime).toEqual([
      expect.objectContaining({
        offset: 80_000 + 30 * 60_000 + 1,
        entered: ["Cart Abandoner (High Intent)"],
        left: [],
      }),
    ]);
    expect(byTime[0]!.firing?.["/compare"]).toEqual(["cart-abandoner-discount"]);
    expect(verdict(result, "/products/aero-14-laptop", "cart-abandoner-discount")).toEqual({
      id: "cart-abandoner-discount",
      fired: true,
    });
    expect(verdict(result, "/compare", "engaged-non-converter-retarget")?.reason).toBe(
      "source: page type compare is not one of product, cart, checkout",
    );
    const text = formatTimeline(result, scenario);
    expect(text).toContain("+00:31:20.001  time   (no event: time alone)");
    expect(text).toContain("entered Cart Abandoner (High Intent)");
    expect(text).toContain(
      '✗ mobile-slow-network-lite — condition: device.type eq "mobile" — was "desktop"',
    );
  });

  it("price-sensitive analyzer: enters after 90 s comparing; the discount overlay needs intent > 75 and a cart over $100", () => {
    const { result } = run("price-sensitive.json");
    const entered = result.steps.find((s) => s.entered.includes("Price-Sensitive Analyzer"))!;
    expect(entered.offset).toBe(105_000);
    expect(entered.firing?.["/compare"]).toEqual(["price-sensitive-comparison-tips"]);
    expect(verdict(result, "/compare", "price-sensitive-discount-overlay")).toEqual({
      id: "price-sensitive-discount-overlay",
      fired: false,
      reason: expect.stringMatching(/^condition: signal\.intent gt 75 — was \d/),
    });
    const atCheckout = result.steps.find((s) => s.event?.type === "checkout_start")!;
    expect(atCheckout.signals.intent).toBeGreaterThan(75);
  });

  it("engaged non-converter: enters past 2 minutes with 60% scroll, and leaves by time alone 30 min later", () => {
    const { result } = run("engaged-non-converter.json");
    const entered = result.steps.find((s) => s.entered.includes("Engaged non-converter"))!;
    expect(entered.offset).toBe(135_000);
    expect(entered.firing?.["/products/forge-16-laptop"]).toContain(
      "engaged-non-converter-retarget",
    );
    // Still on the page, the condition holds; from the next page view on, it lasts 30 minutes (its ttl).
    const left = result.steps.find((s) => s.left.includes("Engaged non-converter"))!;
    expect(left.kind).toBe("time");
    expect(left.offset).toBe(5 * 60_000 + 30 * 60_000);
    expect(result.final.segments).not.toContain("Engaged non-converter");
  });

  it("mobile on 3G: the lite layout, and calm motion once the reading speed is known", () => {
    const { result } = run("mobile-3g.json");
    expect(verdict(result, "/", "mobile-slow-network-lite")?.fired).toBe(true);
    expect(verdict(result, "/", "mobile-slow-scroller-calm-motion")?.fired).toBe(true);
    expect(result.final.signals.scrollVelocity).toBe(0.3);
  });
});

describe("input", () => {
  it("reads relative and absolute times", () => {
    expect(parseOffset("+90s", 0)).toBe(90_000);
    expect(parseOffset("+1h30m", 0)).toBe(5_400_000);
    expect(parseOffset("+250ms", 0)).toBe(250);
    expect(parseOffset(1500, 0)).toBe(1500);
    expect(parseOffset("2026-01-05T14:00:10Z", Date.UTC(2026, 0, 5, 14, 0))).toBe(10_000);
    expect(() => parseOffset("soon", 0)).toThrow(/cannot read/);
  });

  it("reports an invalid event in the timeline instead of stopping", () => {
    const scenario = parseScenario(
      JSON.stringify([
        { at: "+1s", type: "teleport" },
        { at: "+2s", type: "click" },
      ]),
    );
    const result = simulate(rules, scenario);
    expect(result.steps[0]).toMatchObject({
      kind: "event",
      rejected: expect.stringContaining("type"),
    });
    expect(result.steps[1]).toMatchObject({ kind: "event", event: { type: "click" } });
  });

  it("prints JSON for machines with --json", () => {
    const out = execFileSync(
      "npx",
      [
        "tsx",
        "src/cli/rules-simulate.ts",
        "rules/scenarios/cart-abandoner.jsonl",
        "--json",
        "--pages",
        "/",
      ],
      {
        encoding: "utf8",
      },
    );
    const json = JSON.parse(out) as {
      start: string;
      steps: unknown[];
      pages: Array<{ path: string }>;
    };
    expect(json.start).toBe("2026-01-05T14:00:00.000Z");
    expect(json.pages.map((p) => p.path)).toEqual(["/"]);
    expect(json.steps.length).toBeGreaterThan(5);
  });
});
