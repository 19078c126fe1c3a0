/** rules:check — each class of error and warning on a minimal fixture, and false alarms that must not appear. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkRuleSet, type Diagnostic } from "../../src/engine/analysis/check-rules";
import { compileRules } from "../../src/engine/compile-rules";
import { INTENT_SIGNAL } from "../fixtures/behaviour";

const site = {
  file: "site.json",
  data: {
    pageTypes: { product: ["/products/:slug"], cart: ["/cart"] },
    slots: { promo: "div", other: "div", m: "div", b: "div", c: "div" },
  },
};
const signals = {
  file: "signals.json",
  data: {
    signals: [
      INTENT_SIGNAL,
      { name: "cartValue", kind: "sum", min: 0, from: [{ event: "add_to_cart", prop: "price" }] },
      { name: "priceFocus", kind: "share", of: ["cartValue", "cartValue"] },
    ],
  },
};
const segmentsOf = (segments: unknown[]) => ({ file: "segments.json", data: { segments } });
const baseSegments = [
  { name: "High Intent", when: { fact: "signal.intent", op: "gte", value: 50 } },
  {
    name: "Cart Abandoner",
    parent: "High Intent",
    when: { fact: "signal.cartValue", op: "gt", value: 0 },
  },
];

const banner = (html = "<b>x</b>") => ({
  type: "inject",
  target: { slot: "promo" },
  position: "inner",
  html,
});

function check(rules: unknown[], segments: unknown[] = baseSegments): Diagnostic[] {
  const compiled = compileRules({
    site,
    signals,
    segments: segmentsOf(segments),
    ruleFiles: [{ file: "t.rules.json", data: { rules } }],
    fragments: {},
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  return checkRuleSet(compiled.value);
}

describe("conflicts", () => {
  it("reports two rules that can fire together on the same slot at the same priority, with a witness", () => {
    const d = check([
      {
        id: "mobile-promo",
        when: { fact: "device.type", op: "eq", value: "mobile" },
        actions: [banner()],
      },
      {
        id: "abandoner-promo",
        source: { pageTypes: ["product"] },
        when: { segment: "Cart Abandoner" },
        actions: [banner()],
      },
    ]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      severity: "error",
      file: "t.rules.json",
      path: "$.rules[0].actions[0]", // the later rule by id, first in its file
    });
    expect(d[0]!.message).toContain(
      "conflict: rules 'abandoner-promo' and 'mobile-promo' both write div[data-ep-slot=\"promo\"]|inner at priority 0",
    );
    // The witness is concrete: a product page, a mobile visitor, in the segment and its parent.
    expect(d[0]!.message).toContain("page /products/sample");
    expect(d[0]!.message).toContain('device.type="mobile"');
    expect(d[0]!.message).toContain("segments [Cart Abandoner, High Intent]");
  });

  it("finds a witness across numeric intervals and enums", () => {
    const d = check([
      {
        id: "a",
        when: {
          all: [
            { fact: "time.hour", op: "between", value: [9, 12] },
            { fact: "network.ect", op: "in", value: ["3g", "4g"] },
          ],
        },
        actions: [banner()],
      },
      {
        id: "b",
        when: {
          all: [
            { fact: "time.hour", op: "gte", value: 12 },
            { fact: "network.ect", op: "ne", value: "4g" },
          ],
        },
        actions: [banner()],
      },
    ]);
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain("time.hour=12");
    expect(d[0]!.message).toContain('network.ect="3g"');
  });

  const notConflicts: Array<[string, unknown[]]> = [
    [
      "disjoint devices",
      [
        { id: "m", when: { fact: "device.type", op: "eq", value: "mobile" }, actions: [banner()] },
        { id: "d", when: { fact: "device.type", op: "eq", value: "desktop" }, actions: [banner()] },
      ],
    ],
    [
      "disjoint hours",
      [
        { id: "morning", when: { fact: "time.hour", op: "lt", value: 12 }, actions: [banner()] },
        { id: "afternoon", when: { fact: "time.hour", op: "gte", value: 12 }, actions: [banner()] },
      ],
    ],
    [
      "a segment and its negation",
      [
        { id: "in", when: { segment: "High Intent" }, actions: [banner()] },
        { id: "out", when: { not: { segment: "High Intent" } }, actions: [banner()] },
      ],
    ],
    [
      "a sub-segment against not its parent",
      [
        { id: "child", when: { segment: "Cart Abandoner" }, actions: [banner()] },
        { id: "not-parent", when: { not: { segment: "High Intent" } }, actions: [banner()] },
      ],
    ],
    [
      "different pages",
      [
        { id: "p", source: { pageTypes: ["product"] }, actions: [banner()] },
        { id: "c", source: { pageTypes: ["cart"] }, actions: [banner()] },
      ],
    ],
    [
      "different priorities",
      [
        { id: "hi", priority: 2, actions: [banner()] },
        { id: "lo", priority: 1, stack: true, actions: [banner()] },
      ],
    ],
    [
      "both stacking",
      [
        { id: "s1", stack: true, actions: [banner()] },
        { id: "s2", stack: true, actions: [banner()] },
      ],
    ],
    [
      "different slots",
      [
        { id: "x", actions: [banner()] },
        { id: "y", actions: [{ ...banner(), target: { slot: "other" } }] },
      ],
    ],
  ];
  for (const [name, rules] of notConflicts) {
    it(`does not report ${name}`, () => {
      expect(check(rules).filter((x) => x.message.startsWith("conflict"))).toEqual([]);
    });
  }
});

describe("rules that can never fire or never apply", () => {
  it("reports contradictory conditions", () => {
    const d = check([
      {
        id: "never",
        when: {
          all: [
            { fact: "device.type", op: "eq", value: "mobile" },
            { fact: "device.type", op: "eq", value: "tablet" },
          ],
        },
        actions: [banner()],
      },
    ]);
    expect(d).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: "$.rules[0]",
        message: expect.stringContaining("rule 'never' can never fire: its condition cannot hold"),
      }),
    ]);
  });

  it("reports a condition outside a signal's domain, and a source that matches no page", () => {
    const d = check([
      {
        id: "over-cap",
        when: { fact: "signal.intent", op: "gt", value: 100 },
        actions: [banner()],
      },
      {
        id: "share-over-one",
        when: { fact: "signal.priceFocus", op: "gte", value: 1.5 },
        actions: [{ ...banner(), target: { slot: "b" } }],
      },
      {
        id: "nowhere",
        source: { pageTypes: ["cart"], paths: ["/products/:slug"] },
        actions: [{ ...banner(), target: { slot: "c" } }],
      },
    ]);
    expect(d.map((x) => x.message).sort()).toEqual([
      "rule 'nowhere' can never fire: its source matches no page",
      "rule 'over-cap' can never fire: its condition cannot hold for any visitor (signal.intent gt 100)",
      "rule 'share-over-one' can never fire: its condition cannot hold for any visitor (signal.priceFocus gte 1.5)",
    ]);
  });

  it("reports a rule always shadowed by a higher-priority exclusive rule, but not one that is sometimes free", () => {
    const d = check([
      { id: "everyone", priority: 5, actions: [banner()] },
      {
        id: "mobiles",
        priority: 1,
        when: { fact: "device.type", op: "eq", value: "mobile" },
        actions: [banner()],
      },
      {
        id: "only-mobiles",
        priority: 9,
        when: { fact: "device.type", op: "eq", value: "mobile" },
        actions: [{ ...banner(), target: { slot: "m" } }],
      },
      { id: "sometimes-free", priority: 1, actions: [{ ...banner(), target: { slot: "m" } }] },
    ]);
    expect(d).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: "$.rules[1]",
        message: expect.stringContaining(
          "rule 'mobiles' never applies: every place it writes is always taken first by 'everyone'",
        ),
      }),
    ]);
  });
});

describe("slots", () => {
  it("warns once per slot that site.json does not give an element, and says why", () => {
    const d = check([
      { id: "a", actions: [{ ...banner(), target: { slot: "undeclared" } }] },
      {
        id: "b",
        priority: 1,
        actions: [{ ...banner(), target: { slot: "undeclared" }, position: "append" }],
      },
    ]);
    expect(d).toEqual([
      {
        severity: "warning",
        file: "t.rules.json",
        path: "$.rules[1].actions[0].target.slot",
        message: expect.stringContaining("slot 'undeclared' has no element in site.json \"slots\""),
      },
    ]);
  });
});

describe("segments that can never hold", () => {
  it("reports an impossible segment, its sub-segments, and the rules that need them", () => {
    const d = check(
      [{ id: "needs-it", when: { segment: "Child" }, actions: [banner()] }],
      [
        {
          name: "Impossible",
          when: {
            all: [
              { fact: "signal.intent", op: "gt", value: 80 },
              { fact: "signal.intent", op: "lt", value: 20 },
            ],
          },
        },
        {
          name: "Child",
          parent: "Impossible",
          when: { fact: "signal.cartValue", op: "gt", value: 0 },
        },
      ],
    );
    expect(d.map((x) => [x.file, x.path, x.message.slice(0, 60)])).toEqual([
      [
        "segments.json",
        "$.segments[0]",
        "segment 'Impossible' can never hold: no visitor satisfies si",
      ],
      [
        "segments.json",
        "$.segments[1]",
        "segment 'Child' can never hold: its parent 'Impossible' neve",
      ],
      [
        "t.rules.json",
        "$.rules[0]",
        "rule 'needs-it' can never fire: its condition cannot hold fo",
      ],
    ]);
  });
});

describe("npm run rules:check", () => {
  function run(dir: string): { status: number; out: string } {
    try {
      return {
        status: 0,
        out: execFileSync("npx", ["tsx", "src/cli/rules-check.ts", dir], {
          encoding: "utf8",
          stdio: "pipe",
        }),
      };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { status: err.status, out: err.stdout + err.stderr };
    }
  }

  it("passes the shipped rules", () => {
    const { status, out } = run("rules");
    expect(status).toBe(0);
    expect(out).toContain("rules:check rules/: 0 error(s), 0 warning(s)");
  });

  it("fails on a conflict, printing file:jsonpath: error: message", () => {
    const dir = mkdtempSync(join(tmpdir(), "ep-check-"));
    mkdirSync(join(dir, "fragments"));
    writeFileSync(join(dir, "site.json"), JSON.stringify({ slots: { promo: "div" } }));
    writeFileSync(
      join(dir, "promo.rules.json"),
      JSON.stringify({
        rules: [
          { id: "a", actions: [banner()] },
          { id: "b", actions: [banner()] },
        ],
      }),
    );
    const { status, out } = run(dir);
    expect(status).toBe(1);
    expect(out).toContain(
      `${dir}/promo.rules.json:$.rules[1].actions[0]: error: conflict: rules 'a' and 'b'`,
    );
    expect(out).toContain("1 error(s), 0 warning(s)");
  });

  it("exits 0 with only warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "ep-check-"));
    writeFileSync(
      join(dir, "w.rules.json"),
      JSON.stringify({
        rules: [
          {
            id: "a",
            when: { all: [{ fact: "time.hour", op: "gt", value: 23 }] },
            actions: [banner()],
          },
        ],
      }),
    );
    const { status, out } = run(dir);
    expect(status).toBe(0);
    expect(out).toContain("warning: rule 'a' can never fire");
  });
});
