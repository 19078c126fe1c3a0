/**
 * Rule selection throughput in Node: edge-personalizer's engine vs the same
 * rules written for json-rules-engine, for 10, 100 and 1,000 rules. Both get
 * the same 200 visitors; their answers (which rules fire) are compared for
 * every visitor before anything is timed, and the run stops if they differ.
 */
import { Engine, type TopLevelCondition } from "json-rules-engine";
import { compileRules } from "../src/engine/compile-rules";
import type { Facts } from "../src/engine/evaluate-condition";
import type { CompiledRuleSet } from "../src/engine/rule-set";
import { resolvePage, selectActions } from "../src/engine/select-actions";
import { INTENT_SIGNAL } from "../test/fixtures/behaviour";

type FactMap = Record<string, string | number | boolean | string[] | undefined>;

/** A deterministic generator, so every run compares the same visitors. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
}

interface Pair {
  ours: unknown;
  jre: TopLevelCondition;
}

/** Rule i's condition, in both languages. Five shapes: devices and hours, campaigns or intent, segments, search text, cart value. */
function conditionFor(i: number): Pair {
  switch (i % 5) {
    case 0:
      return {
        ours: {
          all: [
            { fact: "device.type", op: "eq", value: "mobile" },
            { fact: "time.hour", op: "gte", value: i % 24 },
          ],
        },
        jre: {
          all: [
            { fact: "device.type", operator: "equal", value: "mobile" },
            { fact: "time.hour", operator: "greaterThanInclusive", value: i % 24 },
          ],
        },
      };
    case 1:
      return {
        ours: {
          any: [
            { fact: "utm.campaign", op: "eq", value: `c${i % 7}` },
            { fact: "signal.intent", op: "gt", value: i % 100 },
          ],
        },
        jre: {
          any: [
            { fact: "utm.campaign", operator: "equal", value: `c${i % 7}` },
            { fact: "signal.intent", operator: "greaterThan", value: i % 100 },
          ],
        },
      };
    case 2:
      return {
        ours: {
          all: [
            { segment: `S${i % 6}` },
            { not: { fact: "network.saveData", op: "eq", value: true } },
          ],
        },
        jre: {
          all: [
            { fact: "segments", operator: "contains", value: `S${i % 6}` },
            { not: { fact: "network.saveData", operator: "equal", value: true } },
          ],
        },
      };
    case 3:
      return {
        ours: {
          all: [
            { fact: "query.q", op: "contains", value: `x${i % 4}` },
            { fact: "device.os", op: "in", value: ["ios", "android"] },
          ],
        },
        jre: {
          all: [
            { fact: "query.q", operator: "stringContains", value: `x${i % 4}` },
            { fact: "device.os", operator: "in", value: ["ios", "android"] },
          ],
        },
      };
    default: {
      const lo = (i % 50) * 10;
      return {
        ours: { fact: "signal.cartValue", op: "between", value: [lo, lo + 500] },
        jre: {
          all: [
            { fact: "signal.cartValue", operator: "greaterThanInclusive", value: lo },
            { fact: "signal.cartValue", operator: "lessThanInclusive", value: lo + 500 },
          ],
        },
      };
    }
  }
}

function oursFor(n: number): CompiledRuleSet {
  const rules = Array.from({ length: n }, (_, i) => ({
    id: `rule-${i}`,
    when: conditionFor(i).ours,
    actions: [{ type: "add_class", target: { selector: "html" }, class: `c${i}` }],
  }));
  const compiled = compileRules({
    signals: {
      file: "signals.json",
      data: {
        signals: [
          INTENT_SIGNAL,
          { name: "cartValue", kind: "sum", from: [{ event: "add_to_cart", prop: "price" }] },
        ],
      },
    },
    segments: {
      file: "segments.json",
      data: {
        segments: Array.from({ length: 6 }, (_, k) => ({
          name: `S${k}`,
          when: { fact: "signal.intent", op: "gt", value: 1000 },
        })),
      },
    },
    ruleFiles: [{ file: "bench.rules.json", data: { rules } }],
    fragments: {},
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error.slice(0, 3)));
  return compiled.value;
}

function jreFor(n: number): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator(
    "stringContains",
    (a: unknown, b: unknown) =>
      typeof a === "string" && a.toLowerCase().includes(String(b).toLowerCase()),
  );
  for (let i = 0; i < n; i++)
    engine.addRule({
      name: `rule-${i}`,
      conditions: conditionFor(i).jre,
      event: { type: `rule-${i}` },
    });
  return engine;
}

function visitors(count: number): FactMap[] {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, () => ({
    "device.type": pick(["mobile", "desktop", "tablet"]),
    "device.os": pick(["ios", "android", "windows", "macos"]),
    "time.hour": Math.floor(r() * 24),
    "utm.campaign": r() < 0.5 ? `c${Math.floor(r() * 10)}` : undefined,
    "signal.intent": r() < 0.8 ? Math.round(r() * 1000) / 10 : undefined,
    "signal.cartValue": r() < 0.6 ? Math.round(r() * 1200) : undefined,
    "network.saveData": r() < 0.2,
    "query.q": r() < 0.5 ? pick(["x0 laptops", "X1", "phones x2", "x3", "tv"]) : undefined,
    segments: Array.from({ length: 6 }, (_, k) => `S${k}`).filter(() => r() < 0.3),
  }));
}

const asFacts = (v: FactMap): Facts => ({
  fact: (name) => v[name] as string | number | boolean | undefined,
  inSegment: (name) => (v.segments as string[]).includes(name),
});

export interface SelectionResult {
  rules: number;
  oursPerSecond: number;
  jrePerSecond: number;
  ratio: number;
  agreedOn: number;
}

export async function benchRuleSelection(quick: boolean): Promise<SelectionResult[]> {
  const inputs = visitors(200);
  const page = { path: "/", params: {} };
  const out: SelectionResult[] = [];
  for (const n of [10, 100, 1000]) {
    const ours = oursFor(n);
    const jre = jreFor(n);
    const now = Date.UTC(2026, 0, 5, 12);
    for (const [k, v] of inputs.entries()) {
      const mine = selectActions(ours, resolvePage(ours, page.path), asFacts(v), now)
        .trace.filter((t) => t.fired)
        .map((t) => t.ruleId)
        .sort();
      const theirs = (await jre.run(v)).events.map((e) => e.type).sort();
      if (mine.join() !== theirs.join()) {
        throw new Error(
          `rule selection disagrees with json-rules-engine for ${n} rules, visitor ${k}: ${mine.length} vs ${theirs.length} fired`,
        );
      }
    }
    const budgetMs = quick ? 300 : 1500;
    let count = 0;
    let t = performance.now();
    // The clock is read every 100 evaluations: reading it costs about as much as evaluating 10 rules.
    while (performance.now() - t < budgetMs) {
      for (let i = 0; i < 100; i++) {
        selectActions(ours, page, asFacts(inputs[count % inputs.length]!), now);
        count++;
      }
    }
    const oursPerSecond = count / ((performance.now() - t) / 1000);
    count = 0;
    t = performance.now();
    while (performance.now() - t < budgetMs) {
      for (let i = 0; i < 10; i++) {
        await jre.run(inputs[count % inputs.length]!);
        count++;
      }
    }
    const jrePerSecond = count / ((performance.now() - t) / 1000);
    out.push({
      rules: n,
      oursPerSecond,
      jrePerSecond,
      ratio: oursPerSecond / jrePerSecond,
      agreedOn: inputs.length,
    });
  }
  return out;
}
