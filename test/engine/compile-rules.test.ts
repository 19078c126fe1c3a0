/** Invalid rules are reported with file, JSON path and reason; valid ones compile. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRulesDir } from "../../src/cli/read-rules-dir";
import { compileRules } from "../../src/engine/compile-rules";
import type { RuleError } from "../../src/engine/rule-set";
import { TEST_SEGMENTS, TEST_SIGNALS } from "../fixtures/behaviour";

const site = { file: "site.json", data: { pageTypes: { product: ["/products/:slug"] } } };

function errorsFor(rules: unknown[], fragments: Record<string, string> = {}): RuleError[] {
  const result = compileRules({
    site,
    ruleFiles: [{ file: "shop.rules.json", data: { rules } }],
    fragments,
  });
  return result.ok ? [] : result.error;
}

const inject = { type: "inject", target: { slot: "offer" }, position: "inner", html: "<b>x</b>" };

describe("rule validation", () => {
  const cases: Array<[string, unknown[], Record<string, string>, string, RegExp]> = [
    [
      "a schema violation",
      [{ id: "Bad Id", actions: [inject] }],
      {},
      "$.rules[0].id",
      /lower-case/,
    ],
    [
      "an unknown action type",
      [{ id: "a", actions: [{ type: "explode" }] }],
      {},
      "$.rules[0].actions[0].type",
      /./,
    ],
    [
      "an unknown page type",
      [{ id: "a", source: { pageTypes: ["blog"] }, actions: [inject] }],
      {},
      "$.rules[0].source.pageTypes[0]",
      /unknown page type 'blog'/,
    ],
    [
      "an unknown fact",
      [
        {
          id: "a",
          when: { all: [{ fact: "device.colour", op: "eq", value: "red" }] },
          actions: [inject],
        },
      ],
      {},
      "$.rules[0].when.all[0].fact",
      /unknown fact/,
    ],
    [
      "a value outside an enum",
      [{ id: "a", when: { fact: "device.type", op: "eq", value: "watch" }, actions: [inject] }],
      {},
      "$.rules[0].when.value",
      /one of: mobile, tablet, desktop/,
    ],
    [
      "a number operator on text",
      [{ id: "a", when: { fact: "geo.country", op: "gt", value: 3 }, actions: [inject] }],
      {},
      "$.rules[0].when.op",
      /compares numbers/,
    ],
    [
      "a missing fragment",
      [{ id: "a", actions: [{ ...inject, html: undefined, fragment: "nope" }] }],
      {},
      "$.rules[0].actions[0].fragment",
      /rules\/fragments\/nope.html/,
    ],
    [
      "a fragment variable nothing provides",
      [{ id: "a", actions: [{ ...inject, html: undefined, fragment: "f" }] }],
      { f: "<p>{{who}}</p>" },
      "$.rules[0].actions[0].vars",
      /\{\{who\}\}/,
    ],
    [
      "an unsupported selector",
      [{ id: "a", actions: [{ ...inject, target: { selector: "h1 + p" } }] }],
      {},
      "$.rules[0].actions[0].target.selector",
      /sibling/,
    ],
    [
      "a universal selector",
      [{ id: "a", actions: [{ ...inject, target: { selector: "*" } }] }],
      {},
      "$.rules[0].actions[0].target.selector",
      /refused for speed/,
    ],
    [
      "an include from a host not allowed",
      [
        {
          id: "a",
          actions: [{ type: "include", target: { slot: "s" }, src: "https://evil.example/x" }],
        },
      ],
      {},
      "$.rules[0].actions[0].src",
      /includeHosts/,
    ],
    [
      "both fragment and html",
      [{ id: "a", actions: [{ ...inject, fragment: "f" }] }],
      { f: "<p></p>" },
      "$.rules[0].actions[0]",
      /exactly one/,
    ],
    [
      "an event-handler attribute",
      [
        {
          id: "a",
          actions: [
            { type: "set_attribute", target: { selector: "a" }, name: "onclick", value: "x" },
          ],
        },
      ],
      {},
      "$.rules[0].actions[0].name",
      /event-handler/,
    ],
    [
      "an unknown segment",
      [{ id: "a", when: { segment: "VIP" }, actions: [inject] }],
      {},
      "$.rules[0].when.segment",
      /unknown segment 'VIP'/,
    ],
    [
      "an unknown signal",
      [{ id: "a", when: { fact: "signal.nope", op: "gt", value: 1 }, actions: [inject] }],
      {},
      "$.rules[0].when.fact",
      /unknown signal 'nope'/,
    ],
    [
      "a duplicate rule id",
      [
        { id: "a", actions: [inject] },
        { id: "a", actions: [inject] },
      ],
      {},
      "$.rules[1].id",
      /also used/,
    ],
  ];
  for (const [name, rules, fragments, path, message] of cases) {
    it(`reports ${name} at ${path}`, () => {
      const errors = errorsFor(rules, fragments);
      const hit = errors.find((e) => e.path === path);
      expect(hit, JSON.stringify(errors)).toBeDefined();
      expect(hit!.file).toBe("shop.rules.json");
      expect(hit!.message).toMatch(message);
    });
  }

  it("reports a fragment whose variable sits where it cannot be escaped", () => {
    const result = compileRules({
      site,
      ruleFiles: [],
      fragments: { bad: "<div {{attr}}>x</div>" },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error[0]).toMatchObject({ file: "fragments/bad.html", path: "$" });
  });

  it("reports an unknown time zone in site.json", () => {
    const result = compileRules({
      site: { file: "site.json", data: { timeZone: "Mars/Olympus" } },
      ruleFiles: [],
      fragments: {},
    });
    expect(!result.ok && result.error[0]).toMatchObject({ file: "site.json", path: "$.timeZone" });
  });

  it("compiles the shipped rules/ directory", () => {
    const { sources, errors } = readRulesDir("rules");
    expect(errors).toEqual([]);
    const result = compileRules(sources);
    expect(result.ok ? [] : result.error).toEqual([]);
    expect(result.ok && result.value.rules.length).toBeGreaterThanOrEqual(7);
  });

  it("sorts rules by priority, then id, and records the facts they read", () => {
    const result = compileRules({
      site,
      signals: TEST_SIGNALS,
      segments: TEST_SEGMENTS,
      ruleFiles: [
        {
          file: "x.rules.json",
          data: {
            rules: [
              {
                id: "b",
                priority: 1,
                when: { fact: "utm.source", op: "exists", value: true },
                actions: [inject],
              },
              { id: "a", priority: 1, actions: [inject] },
              { id: "c", priority: 5, when: { segment: "S" }, actions: [inject] },
            ],
          },
        },
      ],
      fragments: {},
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rules.map((r) => r.id)).toEqual(["c", "a", "b"]);
    expect([...result.value.factsUsed]).toEqual(["utm.source"]);
    expect(result.value.readsVisitorState).toBe(true);
  });
});

describe("the build refuses invalid rules", () => {
  it("exits non-zero and prints rules/<file>:<path>: <reason>", () => {
    const dir = mkdtempSync(join(tmpdir(), "ep-rules-"));
    mkdirSync(join(dir, "fragments"));
    writeFileSync(join(dir, "site.json"), "{}");
    writeFileSync(
      join(dir, "broken.rules.json"),
      JSON.stringify({
        rules: [{ id: "x", actions: [{ type: "remove", target: { selector: "a ~ b" } }] }],
      }),
    );
    writeFileSync(join(dir, "syntax.rules.json"), "{ not json");
    let output = "";
    let status = 0;
    try {
      execFileSync("npx", ["tsx", "src/cli/bundle-rules.ts", dir, join(dir, "out.ts")], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (e) {
      const error = e as { status: number; stderr: string };
      status = error.status;
      output = error.stderr;
    }
    expect(status).toBe(1);
    expect(output).toContain(`${dir}/syntax.rules.json:$: not valid JSON`);
  });

  it("lists schema and semantic errors with their JSON paths", () => {
    const dir = mkdtempSync(join(tmpdir(), "ep-rules-"));
    writeFileSync(
      join(dir, "broken.rules.json"),
      JSON.stringify({
        rules: [{ id: "x", actions: [{ type: "remove", target: { selector: "a ~ b" } }] }],
      }),
    );
    let output = "";
    try {
      execFileSync("npx", ["tsx", "src/cli/bundle-rules.ts", dir, join(dir, "out.ts")], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (e) {
      output = (e as { stderr: string }).stderr;
    }
    expect(output).toContain(
      `${dir}/broken.rules.json:$.rules[0].actions[0].target.selector: sibling combinators`,
    );
  });
});

describe("signals.json and segments.json validation", () => {
  const compileWith = (signals: unknown[], segments: unknown[]) =>
    compileRules({
      site,
      signals: { file: "signals.json", data: { signals } },
      segments: { file: "segments.json", data: { segments } },
      ruleFiles: [],
      fragments: {},
    });
  const intent = { name: "intent", kind: "score", halfLifeSeconds: 60, from: [{ event: "click" }] };
  const errorsOf = (r: ReturnType<typeof compileWith>) =>
    r.ok ? [] : r.error.map((e) => `${e.file}:${e.path}: ${e.message}`);

  it("reports a cycle in the segment hierarchy, through parents or segment references", () => {
    const errors = errorsOf(
      compileWith(
        [intent],
        [
          { name: "A", parent: "C", when: { fact: "signal.intent", op: "gt", value: 1 } },
          { name: "B", parent: "A", when: { fact: "signal.intent", op: "gt", value: 2 } },
          { name: "C", when: { segment: "B" } },
        ],
      ),
    );
    expect(
      errors.some((e) =>
        /^segments\.json:\$\.segments\[\d\]: segments depend on each other in a cycle: (A|B|C) → .* → \1$/.test(
          e,
        ),
      ),
    ).toBe(true);
  });

  it("reports unknown parents, segments, signals and facts a segment cannot know", () => {
    const errors = errorsOf(
      compileWith(
        [intent, { name: "focus", kind: "share", of: ["intent", "nope"] }],
        [
          { name: "A", parent: "Nope", when: { fact: "signal.missing", op: "gt", value: 1 } },
          {
            name: "B",
            when: {
              all: [{ segment: "Ghost" }, { fact: "device.type", op: "eq", value: "mobile" }],
            },
          },
        ],
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        "signals.json:$.signals[1].of[0]: a share is taken of sum, max or latest signals; 'intent' is a score",
        "signals.json:$.signals[1].of[1]: unknown signal 'nope'",
        "segments.json:$.segments[0].parent: unknown parent segment 'Nope'",
        "segments.json:$.segments[0].when.fact: unknown signal 'missing' (define it in signals.json)",
        "segments.json:$.segments[1].when.all[0].segment: unknown segment 'Ghost'",
        "segments.json:$.segments[1].when.all[1].fact: segments can read 'signal.<name>' and 'visitor.pageType', not 'device.type'",
      ]),
    );
  });
});
