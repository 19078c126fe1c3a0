/** Signals, segments and time, on a virtual clock, with the shipped rules/ definitions. */
import { describe, expect, it } from "vitest";
import { readRulesDir } from "../../src/cli/read-rules-dir";
import { emptyModelState, type VisitorModelState } from "../../src/engine/behaviour/model";
import { nextChangeAt } from "../../src/engine/behaviour/next-change";
import { decay, readSignal } from "../../src/engine/behaviour/signals";
import { advance, ingest, snapshot } from "../../src/engine/behaviour/visitor-model";
import { compileRules } from "../../src/engine/compile-rules";
import { Event } from "../../src/engine/schema/event";
import { resolvePage } from "../../src/engine/select-actions";

const compiled = compileRules(readRulesDir("rules").sources);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
const rules = compiled.value;
const model = rules.behaviour;

const S = 1000;
const MIN = 60 * S;
const T0 = Date.UTC(2026, 10, 21, 12, 0);
let seq = 0;

/** A visitor on a virtual clock: `at(ms)` moves it, `send(type, props, page)` ingests one event. */
function visitor() {
  const state: VisitorModelState = emptyModelState();
  let now = T0;
  let page = "/";
  const api = {
    state,
    get now() {
      return now;
    },
    at(ms: number) {
      now = T0 + ms;
      return api;
    },
    send(type: string, props: Record<string, unknown> = {}, path = page) {
      if (type === "page_view") page = path;
      const event = Event.parse({
        id: `evt-${String(++seq).padStart(8, "0")}`,
        type,
        ts: now,
        page: path,
        props,
      });
      ingest(model, state, [{ event, pageType: resolvePage(rules, path).type }], now);
      return api;
    },
    tick(ms: number) {
      now = T0 + ms;
      advance(model, state, now);
      return api;
    },
    signal: (name: string) => readSignal(model, state, name, now),
    segments: () => Object.keys(state.segments).sort(),
  };
  return api;
}

describe("signals", () => {
  it("decays a score exactly as the closed form v·2^(−t/h)", () => {
    const v = visitor().send("add_to_cart", { product: "a", price: 10 });
    const initial = v.signal("intent")!;
    expect(initial).toBe(40);
    for (const minutes of [1, 5, 30, 60, 120, 600]) {
      v.at(minutes * MIN);
      expect(v.signal("intent")).toBeCloseTo(40 * 2 ** (-(minutes * 60) / 3600), 10);
    }
    expect(decay(8, 3600 * S, 3600)).toBe(4);
  });

  it("adds weighted events on top of the decayed value, so recent events outweigh old ones", () => {
    const v = visitor()
      .send("click")
      .at(60 * MIN)
      .send("click");
    expect(v.signal("intent")).toBeCloseTo(1 * 0.5 + 1, 10);
    const recent = visitor().send("scroll", { depth: 80 });
    const deep = recent.signal("intent")!;
    const shallow = visitor().send("scroll", { depth: 40 }).signal("intent")!;
    expect(deep).toBe(5);
    expect(shallow).toBe(1);
  });

  it("caps a score", () => {
    const v = visitor();
    for (let i = 0; i < 6; i++) v.send("add_to_cart", { product: `p${i}`, price: 1 });
    expect(v.signal("intent")).toBe(100);
  });

  it("keeps cart value from adds, removes (never below zero) and purchases", () => {
    const v = visitor()
      .send("add_to_cart", { product: "a", price: 1299, quantity: 2 })
      .send("remove_from_cart", { product: "a", price: 1299 });
    expect(v.signal("cartValue")).toBe(1299);
    v.send("remove_from_cart", { product: "b", price: 5000 });
    expect(v.signal("cartValue")).toBe(0);
    v.send("add_to_cart", { product: "c", price: 10 }).send("purchase", { value: 10 });
    expect(v.signal("cartValue")).toBeUndefined();
  });

  it("measures idle time, per-page engagement and the price-vs-features share", () => {
    const v = visitor().send("page_view", { pageType: "product" }, "/products/aero-14-laptop");
    v.at(10 * S)
      .send("engagement", { visibleMs: 15_000 })
      .send("engagement", { visibleMs: 999_999 });
    expect(v.signal("pageEngagedSeconds")).toBe(75);
    // Heartbeats are not activity: idle time keeps counting from the page view.
    expect(v.signal("idleSeconds")).toBe(10);
    v.at(70 * S);
    expect(v.signal("idleSeconds")).toBe(70);
    v.send("hover", { target: "price", dwellMs: 3000 }).send("hover", {
      target: "features",
      dwellMs: 1000,
    });
    expect(v.signal("priceFocus")).toBe(0.75);
    v.send("page_view", {}, "/cart");
    expect(v.signal("pageEngagedSeconds")).toBeUndefined();
    expect(v.signal("priceFocus")).toBe(0.75);
  });
});

describe("seed segments", () => {
  it("High Intent: enters at 50, stays a day after its condition last held, then leaves", () => {
    const v = visitor().send("checkout_start");
    expect(v.segments()).toEqual([]);
    v.send("click").send("page_view", {}, "/products/aero-14-laptop");
    expect(v.signal("intent")).toBe(46);
    v.send("scroll", { depth: 90 });
    expect(v.segments()).toEqual(["High Intent"]);
    // Follow the alarms. 51 decays below 50 at h·log2(51/50); the membership is sticky for 24 h from then.
    const crossing = nextChangeAt(model, v.state, v.now)!;
    expect(crossing).toBe(Math.floor(T0 + 3600 * S * Math.log2(51 / 50)) + 1);
    v.tick(crossing - T0);
    expect(v.signal("intent")).toBeLessThan(50);
    expect(v.segments()).toEqual(["High Intent"]);
    // The 30-minute idle comparison is the next possible change (it changes nothing without a cart).
    const idle = nextChangeAt(model, v.state, v.now)!;
    expect(idle).toBe(T0 + 30 * MIN + 1);
    v.tick(idle - T0);
    expect(v.segments()).toEqual(["High Intent"]);
    const expiry = nextChangeAt(model, v.state, v.now)!;
    expect(expiry).toBe(crossing - 1 + 24 * 60 * MIN);
    v.tick(expiry - T0 - 1);
    expect(v.segments()).toEqual(["High Intent"]);
    v.tick(expiry - T0);
    expect(v.segments()).toEqual([]);
    expect(nextChangeAt(model, v.state, v.now)).toBeUndefined();
  });

  it("Cart Abandoner (High Intent): high intent, a cart, 30 idle minutes, no checkout", () => {
    const v = visitor()
      .send("page_view", {}, "/products/aero-14-laptop")
      .send("add_to_cart", { product: "aero-14-laptop", price: 1299 })
      .send("page_view", {}, "/compare");
    expect(v.segments()).toEqual(["High Intent"]);
    v.tick(29 * MIN);
    expect(v.segments()).toEqual(["High Intent"]);
    expect(nextChangeAt(model, v.state, v.now)).toBe(T0 + 30 * MIN + 1);
    v.tick(30 * MIN + 1);
    expect(v.segments()).toEqual(["Cart Abandoner (High Intent)", "High Intent"]);
    // Coming back and doing something makes them active again: no longer an abandoner.
    v.at(45 * MIN).send("page_view", {}, "/");
    expect(v.segments()).toEqual(["High Intent"]);
  });

  it("is never a Cart Abandoner without High Intent, or after starting checkout", () => {
    const low = visitor()
      .send("add_to_cart", { product: "x", price: 5 })
      .tick(2 * 60 * MIN);
    expect(low.segments()).toEqual([]);
    const checkingOut = visitor()
      .send("add_to_cart", { product: "a", price: 5 })
      .send("add_to_cart", { product: "b", price: 5 })
      .send("checkout_start")
      .tick(60 * MIN);
    expect(checkingOut.segments()).toEqual(["High Intent"]);
  });

  it("Price-Sensitive Analyzer: 90 s comparing, mostly hovering prices", () => {
    const v = visitor().send("page_view", {}, "/compare");
    for (let i = 0; i < 6; i++) v.send("engagement", { visibleMs: 15_000 });
    v.send("hover", { target: "features", dwellMs: 2000 });
    expect(v.segments()).not.toContain("Price-Sensitive Analyzer");
    v.send("hover", { target: "price", dwellMs: 5000 });
    expect(v.segments()).toContain("Price-Sensitive Analyzer");
    // Sticky for a week after the condition last held, then gone.
    const week = 7 * 24 * 60 * MIN;
    v.tick(week - 1);
    expect(v.segments()).toContain("Price-Sensitive Analyzer");
    v.tick(week + 1);
    expect(v.segments()).not.toContain("Price-Sensitive Analyzer");
    // Engagement elsewhere does not count toward comparing.
    const elsewhere = visitor().send("page_view", {}, "/products/aero-14-laptop");
    for (let i = 0; i < 8; i++) elsewhere.send("engagement", { visibleMs: 15_000 });
    elsewhere.send("hover", { target: "price", dwellMs: 5000 });
    expect(elsewhere.segments()).not.toContain("Price-Sensitive Analyzer");
  });

  it("Engaged non-converter: > 2 min and > 60% scroll on a product page, no form; leaves 30 min after", () => {
    const v = visitor()
      .send("page_view", {}, "/products/aero-14-laptop")
      .send("scroll", { depth: 75 });
    for (let i = 0; i < 8; i++) v.send("engagement", { visibleMs: 15_000 });
    expect(v.segments()).not.toContain("Engaged non-converter");
    v.send("engagement", { visibleMs: 1_000 });
    expect(v.segments()).toContain("Engaged non-converter");
    v.at(5 * MIN).send("page_view", {}, "/");
    expect(v.segments()).toContain("Engaged non-converter");
    v.tick(36 * MIN);
    expect(v.segments()).not.toContain("Engaged non-converter");
    const submitted = visitor()
      .send("page_view", {}, "/checkout")
      .send("scroll", { depth: 90 })
      .send("form_submit");
    for (let i = 0; i < 9; i++) submitted.send("engagement", { visibleMs: 15_000 });
    expect(submitted.segments()).not.toContain("Engaged non-converter");
  });
});

describe("next change by time alone", () => {
  it("is the exact idle crossing for a cart abandoner-to-be", () => {
    const v = visitor().send("add_to_cart", { product: "a", price: 1 });
    expect(nextChangeAt(model, v.state, v.now)).toBe(T0 + 1800 * S + 1);
  });

  it("is the exact decay crossing of a watched rule threshold (intent > 75)", () => {
    const v = visitor()
      .send("add_to_cart", { product: "a", price: 1 })
      .send("add_to_cart", { product: "b", price: 1 })
      .send("checkout_start");
    // intent 100 (capped) → crosses 75 at h·log2(100/75); the cart-idle crossing (30 min) comes later.
    const crossing = T0 + 3600 * S * Math.log2(100 / 75);
    expect(nextChangeAt(model, v.state, v.now)).toBe(Math.floor(crossing) + 1);
    const snap = snapshot(model, v.state, rules.signalsRead, v.now);
    expect(snap.validUntil).toBe(Math.floor(crossing) + 1);
    expect(snap.signals.intent).toBe(100);
    expect(snap.segments).toEqual(["High Intent"]);
  });

  it("is undefined for a visitor with nothing that can change by time", () => {
    const v = visitor().send("click");
    expect(v.segments()).toEqual([]);
    expect(nextChangeAt(model, emptyModelState(), T0)).toBeUndefined();
  });
});
