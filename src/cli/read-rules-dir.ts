/**
 * Reads a rules directory (site.json, *.rules.json, fragments/*.html) into
 * RuleSources for the compiler. Node only. Reports unreadable files and JSON
 * syntax errors with the file name instead of throwing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RuleSources } from "../engine/compile-rules";
import type { RuleError } from "../engine/rule-set";

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
  const site = entries.includes("site.json")
    ? { file: "site.json", data: readJson(dir, "site.json", errors) }
    : undefined;
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
  return { sources: { site, ruleFiles, fragments }, errors };
}
