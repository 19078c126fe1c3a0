/**
 * npm run rules:simulate -- <events file> [--json] [--rules <dir>] [--pages /a,/b] [--after 24h]
 *
 * Replays a recorded or hand-written event sequence through the same engine the
 * Worker runs, on a virtual clock, and prints a timeline: signal values, segment
 * entries and exits (those caused by time alone marked "time"), which rules fire
 * on the given pages, and for each rule that does not, the first failing
 * condition. The file is JSON (an array of events, or an object with `events`,
 * and optionally `start`, `headers`, `pages`, `context`, `after`) or JSON Lines.
 * Each event has `at` — "+90s", "+2m", "+1h30m", ms since start, or an ISO time —
 * plus `type`, `page` and `props` as the client tag sends them.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { formatRuleErrors } from "../engine/format-errors";
import { loadRulesDir } from "./read-rules-dir";
import { type Scenario, type SimulationResult, simulate, type TimedEvent } from "./simulation";

const DEFAULT_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
const DEFAULT_START = Date.UTC(2026, 0, 5, 14, 0); // a Monday afternoon

/** "+90s", "+2m", "+1h30m", "1500" (ms) → ms; ISO times → ms since `start`. */
export function parseOffset(at: unknown, start: number): number {
  if (typeof at === "number") return at;
  if (typeof at !== "string")
    throw new Error(
      `'at' must be a duration like "+90s" or an ISO time, not ${JSON.stringify(at)}`,
    );
  const rel = /^\+?((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)$/.exec(at.trim());
  if (rel) {
    let ms = 0;
    for (const [, n, unit] of rel[1]!.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
      ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as "ms" | "s" | "m" | "h"];
    }
    return ms;
  }
  const abs = Date.parse(at);
  if (Number.isNaN(abs)) throw new Error(`cannot read the time ${JSON.stringify(at)}`);
  return abs - start;
}

export function parseScenario(
  text: string,
  options: { pages?: string[]; after?: string } = {},
): Scenario {
  const trimmed = text.trim();
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    doc = trimmed
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("//"))
      .map((l, i) => {
        try {
          return JSON.parse(l);
        } catch (e) {
          throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`);
        }
      });
  }
  const obj = (Array.isArray(doc) ? { events: doc } : doc) as {
    start?: string;
    headers?: Record<string, string>;
    pages?: string[];
    context?: Scenario["context"];
    after?: string;
    events?: unknown[];
  };
  if (!obj || !Array.isArray(obj.events))
    throw new Error("expected an array of events, JSON Lines, or an object with 'events'");
  const start = obj.start ? Date.parse(obj.start) : DEFAULT_START;
  if (Number.isNaN(start)) throw new Error(`cannot read start ${JSON.stringify(obj.start)}`);
  const events: TimedEvent[] = obj.events.map((e, i) => {
    const { at, ...event } = (e ?? {}) as { at?: unknown };
    try {
      return { offset: parseOffset(at ?? 0, start), event };
    } catch (err) {
      throw new Error(`event ${i}: ${(err as Error).message}`);
    }
  });
  const seen = events.flatMap((e) => {
    const page = (e.event as { page?: unknown }).page;
    return typeof page === "string" ? [page] : [];
  });
  return {
    start,
    headers: { "user-agent": DEFAULT_UA, ...obj.headers },
    pages: options.pages ?? obj.pages ?? [...new Set(seen)],
    events,
    context: obj.context,
    afterMs: parseOffset(options.after ?? obj.after ?? "+24h", 0),
  };
}

const clock = (ms: number) => {
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = (s % 60).toFixed(3).padStart(6, "0");
  return `+${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${sec}`;
};

const fmtSignals = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

export function formatTimeline(result: SimulationResult, scenario: Scenario): string {
  const lines = [
    `start ${new Date(scenario.start).toISOString()}, pages ${scenario.pages.join(", ") || "(none)"}`,
    "",
  ];
  const pad = " ".repeat(16);
  for (const step of result.steps) {
    const head =
      step.kind === "time"
        ? `${clock(step.offset)}  time   (no event: time alone)`
        : step.rejected
          ? `${clock(step.offset)}  event  REJECTED: ${step.rejected}`
          : `${clock(step.offset)}  event  ${step.event!.type} ${step.event!.page ?? ""} ${JSON.stringify(step.event!.props)}`;
    lines.push(head.trimEnd());
    if (Object.keys(step.signals).length > 0)
      lines.push(`${pad}signals ${fmtSignals(step.signals)}`);
    if (step.entered.length > 0) lines.push(`${pad}entered ${step.entered.join(", ")}`);
    if (step.left.length > 0) lines.push(`${pad}left    ${step.left.join(", ")}`);
    for (const [page, rules] of Object.entries(step.firing ?? {})) {
      lines.push(`${pad}rules on ${page}: ${rules.length > 0 ? rules.join(", ") : "(none)"}`);
    }
  }
  lines.push("", `final state at ${clock(result.final.offset)}`);
  lines.push(`  segments: ${result.final.segments.join(", ") || "(none)"}`);
  lines.push(`  signals:  ${fmtSignals(result.final.signals) || "(none)"}`);
  for (const page of result.pages) {
    lines.push("", `rules on ${page.path}:`);
    for (const r of page.rules) lines.push(r.fired ? `  ✓ ${r.id}` : `  ✗ ${r.id} — ${r.reason}`);
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const json = args.includes("--json");
  if (json) args.splice(args.indexOf("--json"), 1);
  const dir = flag("--rules") ?? "rules";
  const pages = flag("--pages")?.split(",");
  const after = flag("--after");
  const file = args[0];
  if (!file) {
    console.error(
      "usage: npm run rules:simulate -- <events file> [--json] [--rules <dir>] [--pages /a,/b] [--after 24h]",
    );
    process.exit(2);
  }
  const { compiled } = loadRulesDir(dir);
  if (!compiled.ok) {
    console.error(formatRuleErrors(compiled.error, dir));
    process.exit(1);
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(readFileSync(file, "utf8"), { pages, after });
  } catch (e) {
    console.error(`${file}: ${(e as Error).message}`);
    process.exit(1);
  }
  const result = simulate(compiled.value, scenario);
  console.log(
    json
      ? JSON.stringify({ start: new Date(scenario.start).toISOString(), ...result }, null, 2)
      : formatTimeline(result, scenario),
  );
}
