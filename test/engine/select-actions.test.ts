/** Rule selection: sources, conditions with first-failure reasons, slot resolution, vars. */
import { describe, expect, it } from "vitest";
import { compileRules } from "../../src/engine/compile-rules";
import type { Facts } from "../../src/engine/evaluate-condition";
import { compilePathPattern } from "../../src/engine/path-pattern";
import type { CompiledRuleSet } from "../../src/engine/rule-set";
import { resolvePage, selectActions } from "../../src/engine/select-actions";
import { TEST_SEGMENTS, TEST_SIGNALS } from "../fixtures/behaviour";

function compiled(rules: unknown[]): CompiledRuleSet {
  const result = compileRules({
    site: {
      file: "site.json",
      data: { pageTypes: { product: ["/products/:slug"], cart: ["/cart"] } },
    },
    signals: TEST_SIGNALS,
    segments: TEST_SEGMENTS,
    ruleFiles: [{ file: "t.rules.json", data: { rules } }],
    fragments: { hello: "<p>{{who}} {{when}}</p>" },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function facts(values: Record<string, string | number | boolean>, segments: string[] = []): Facts {
  return { fact: (n) => values[n], inSegment: (s) => segments.includes(s) };
}

const inject = (slot: string) => ({
  type: "inject",
  target: { slot },
  position: "inner",
  html: "<b></b>",
});

describe("path patterns", () => {
  it("matches exact paths, parameters, one segment and any depth", () => {
    expect(compilePathPattern("/cart").match("/cart/")).toEqual({});
    expect(compilePathPattern("/products/:slug").match("/products/aero%2014")).toEqual({
      slug: "aero 14",
    });
    expect(compilePathPattern("/products/:slug").match("/products/a/b")).toBeUndefined();
    expect(compilePathPattern("/c/*").match("/c/x")).toEqual({});
    expect(compilePathPattern("/c/*").match("/c/x/y")).toBeUndefined();
    expect(compilePathPattern("/docs/**").match("/docs")).toEqual({});
    expect(compilePathPattern("/docs/**").match("/docs/a/b")).toEqual({});
    expect(compilePathPattern("/").match("/")).toEqual({});
    expect(compilePathPattern("/").match("/x")).toBeUndefined();
    expect(() => compilePathPattern("/x?y")).toThrow(/must not contain/);
  });
});

describe("selectActions", () => {
  it("resolves the page type and its parameters", () => {
    const set = compiled([]);
    expect(resolvePage(set, "/products/aero")).toEqual({
      path: "/products/aero",
      type: "product",
      params: { slug: "aero" },
    });
    expect(resolvePage(set, "/about")).toEqual({ path: "/about", params: {} });
  });

  it("explains why a rule did not fire: source, then the first failing condition", () => {
    const set = compiled([
      { id: "cart-only", source: { pageTypes: ["cart"] }, actions: [inject("a")] },
      {
        id: "mobile-3g",
        when: {
          all: [
            { fact: "device.type", op: "eq", value: "mobile" },
            { fact: "network.ect", op: "eq", value: "3g" },
          ],
        },
        actions: [inject("b")],
      },
      {
        id: "either",
        when: { any: [{ segment: "A" }, { fact: "signal.intent", op: "gte", value: 50 }] },
        actions: [inject("c")],
      },
      {
        id: "not-returning",
        when: { not: { fact: "visitor.returning", op: "eq", value: true } },
        actions: [inject("d")],
      },
    ]);
    const page = resolvePage(set, "/products/aero");
    const decision = selectActions(
      set,
      page,
      facts({
        "device.type": "mobile",
        "network.ect": "4g",
        "signal.intent": 20,
        "visitor.returning": true,
      }),
      0,
      { explain: true },
    );
    const reasons = Object.fromEntries(
      decision.trace.map((t) => [t.ruleId, t.fired ? "fired" : t.reason]),
    );
    expect(reasons["cart-only"]).toBe("source: page type product is not one of cart");
    expect(reasons["mobile-3g"]).toBe('condition: network.ect eq "3g" — was "4g"');
    expect(reasons.either).toBe(
      'condition: none of 2 alternatives held (first: not in segment "A")',
    );
    expect(reasons["not-returning"]).toBe("condition: not(visitor.returning eq true) — it held");
    expect(decision.planned).toEqual([]);
  });

  it("evaluates every operator", () => {
    const cases: Array<[unknown, boolean]> = [
      [{ fact: "signal.x", op: "between", value: [1, 3] }, true],
      [{ fact: "signal.x", op: "lt", value: 2 }, false],
      [{ fact: "signal.x", op: "lte", value: 2 }, true],
      [{ fact: "signal.x", op: "gt", value: 1.5 }, true],
      [{ fact: "query.q", op: "contains", value: "LAP" }, true],
      [{ fact: "query.q", op: "starts_with", value: "big" }, true],
      [{ fact: "query.q", op: "ends_with", value: "tops" }, true],
      [{ fact: "query.q", op: "ne", value: "x" }, true],
      [{ fact: "query.missing", op: "exists", value: false }, true],
      [{ fact: "query.missing", op: "not_in", value: ["a"] }, true],
      [{ fact: "query.q", op: "in", value: ["a", "big laptops"] }, true],
      [{ fact: "signal.missing", op: "lt", value: 5 }, false],
    ];
    for (const [when, expected] of cases) {
      const set = compiled([{ id: "r", when, actions: [inject("a")] }]);
      const d = selectActions(
        set,
        resolvePage(set, "/"),
        facts({ "signal.x": 2, "query.q": "big laptops" }),
        0,
      );
      expect(d.planned.length > 0, JSON.stringify(when)).toBe(expected);
    }
  });

  it("renders fragment variables from facts, defaults and the clock", () => {
    const set = compiled([
      {
        id: "r",
        actions: [
          {
            type: "inject",
            target: { slot: "s" },
            position: "inner",
            fragment: "hello",
            vars: {
              who: { fact: "utm.source", default: "friend" },
              when: { clock: "epoch_ms", offsetSeconds: 60 },
            },
          },
        ],
      },
    ]);
    const d = selectActions(set, resolvePage(set, "/"), facts({}), 1_000, { explain: true });
    expect(d.planned[0]!.html).toBe("<p>friend 61000</p>");
  });

  it("gives a slot to the highest priority and records what was shadowed", () => {
    const set = compiled([
      { id: "low", priority: 1, actions: [inject("s"), inject("t")] },
      { id: "high", priority: 2, actions: [inject("s")] },
      { id: "lowest", actions: [inject("s")] },
    ]);
    const d = selectActions(set, resolvePage(set, "/"), facts({}), 0, { explain: true });
    expect(d.planned.map((p) => `${p.ruleId}:${p.compiled.key}`)).toEqual([
      'high:[data-ep-slot="s"]|inner',
      'low:[data-ep-slot="t"]|inner',
    ]);
    expect(d.trace.find((t) => t.ruleId === "low")).toEqual({
      ruleId: "low",
      fired: true,
      shadowed: ['[data-ep-slot="s"]|inner (taken by high)'],
    });
    expect(d.trace.find((t) => t.ruleId === "lowest")).toMatchObject({
      fired: false,
      reason: expect.stringMatching(/^shadowed/),
    });
  });

  it("skips disabled rules", () => {
    const set = compiled([{ id: "off", enabled: false, actions: [inject("s")] }]);
    expect(
      selectActions(set, resolvePage(set, "/"), facts({}), 0, { explain: true }).trace,
    ).toEqual([{ ruleId: "off", fired: false, reason: "disabled" }]);
  });
});

describe("compiled conditions", () => {
  it("agree with the explaining evaluator on every operator and combination", () => {
    const set = compiled([
      {
        id: "a",
        when: {
          all: [{ fact: "device.type", op: "eq", value: "mobile" }, { not: { segment: "A" } }],
        },
        actions: [inject("a")],
      },
      {
        id: "b",
        when: {
          any: [
            { fact: "signal.x", op: "between", value: [1, 3] },
            { fact: "query.q", op: "starts_with", value: "big" },
          ],
        },
        actions: [inject("b")],
      },
      { id: "c", when: { fact: "query.q", op: "exists", value: false }, actions: [inject("c")] },
    ]);
    const cases: Array<[Record<string, string | number | boolean>, string[]]> = [
      [{ "device.type": "mobile", "signal.x": 2 }, []],
      [{ "device.type": "desktop", "query.q": "big tv" }, ["A"]],
      [{ "signal.x": 9 }, ["A"]],
    ];
    for (const [values, segments] of cases) {
      const f = facts(values, segments);
      const firedIds = (d: { trace: Array<{ ruleId: string; fired: boolean }> }) =>
        d.trace.filter((t) => t.fired).map((t) => t.ruleId);
      const fast = selectActions(set, resolvePage(set, "/"), f, 0);
      const explained = selectActions(set, resolvePage(set, "/"), f, 0, { explain: true });
      expect(firedIds(fast)).toEqual(firedIds(explained));
      expect(fast.trace.every((t) => t.fired)).toBe(true);
      expect(explained.trace).toHaveLength(3);
    }
  });
});
