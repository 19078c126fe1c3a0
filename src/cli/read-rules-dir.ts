/**
 * Reads a rules directory (site.json, signals.json, segments.json, *.rules.json,
 * fragments/*.html) into
 * RuleSources for the compiler. Node only. Reports unreadable files and JSON
 * syntax errors with the file name instead of throwing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileRules, type RuleSources } from "../engine/compile-rules";
import type { Result } from "../engine/result";
import type { CompiledRuleSet, RuleError } from "../engine/rule-set";

export interface ReadResult {
  sources: RuleSources;
  errors: RuleError[];
}

function readJson(dir: string, file: string, errors: RuleError[]): unknown {
  const text = readFileSync(join(dir, file), "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    errors.push({ file, path: "$", message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

export function readRulesDir(dir: string): ReadResult {
  const errors: RuleError[] = [];
  if (!existsSync(dir)) {
    return {
      sources: { ruleFiles: [], fragments: {} },
      errors: [{ file: ".", path: "$", message: `no directory ${dir}` }],
    };
  }
  const entries = readdirSync(dir).sort();
  const optional = (file: string) =>
    entries.includes(file) ? { file, data: readJson(dir, file, errors) } : undefined;
  const site = optional("site.json");
  const signals = optional("signals.json");
  const segments = optional("segments.json");
  const ruleFiles = entries
    .filter((f) => f.endsWith(".rules.json"))
    .map((file) => ({ file, data: readJson(dir, file, errors) }))
    .filter((f) => f.data !== undefined);
  const fragments: Record<string, string> = {};
  const fragmentDir = join(dir, "fragments");
  if (existsSync(fragmentDir)) {
    for (const file of readdirSync(fragmentDir).sort()) {
      if (file.endsWith(".html"))
        fragments[file.slice(0, -".html".length)] = readFileSync(join(fragmentDir, file), "utf8");
    }
  }
  return { sources: { site, signals, segments, ruleFiles, fragments }, errors };
}

/** Reads and compiles a rules directory: the compiled set, or every error (unreadable files first). */
export function loadRulesDir(dir: string): {
  sources: RuleSources;
  compiled: Result<CompiledRuleSet, RuleError[]>;
} {
  const { sources, errors } = readRulesDir(dir);
  return {
    sources,
    compiled: errors.length > 0 ? { ok: false, error: errors } : compileRules(sources),
  };
}
