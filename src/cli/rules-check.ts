/**
 * npm run rules:check [-- <dir>]: validates a rules directory (default rules/)
 * and reasons about it — schema errors, unknown references, cycles, selectors,
 * conflicts with a concrete witness, rules that can never fire or never apply,
 * segments that can never hold. Prints `dir/file:jsonpath: error|warning: message`
 * and exits 1 when there is any error (warnings alone exit 0).
 */
import { pathToFileURL } from "node:url";
import { checkRuleSet, type Diagnostic } from "../engine/analysis/check-rules";
import { loadRulesDir } from "./read-rules-dir";

export function checkDir(dir: string): Diagnostic[] {
  const { compiled } = loadRulesDir(dir);
  if (!compiled.ok) return compiled.error.map((e) => ({ severity: "error" as const, ...e }));
  return checkRuleSet(compiled.value);
}

export const formatDiagnostic = (dir: string, d: Diagnostic) =>
  `${dir}/${d.file}:${d.path}: ${d.severity}: ${d.message}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dir = (process.argv[2] ?? "rules").replace(/\/$/, "");
  const diagnostics = checkDir(dir);
  for (const d of diagnostics)
    (d.severity === "error" ? console.error : console.log)(formatDiagnostic(dir, d));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  console.log(`rules:check ${dir}/: ${errors} error(s), ${warnings} warning(s)`);
  process.exit(errors > 0 ? 1 : 0);
}
