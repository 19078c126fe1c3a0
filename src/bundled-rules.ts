/**
 * The rules shipped with this Worker, compiled once at module scope from the
 * bundle that src/cli/bundle-rules.ts generates out of rules/. Invalid rules
 * never get here: the build refuses them; if they somehow do, the module fails
 * to load with every error listed, rather than serving half a rule set.
 */
import { compileRules } from "./engine/compile-rules";
import { formatRuleErrors } from "./engine/format-errors";
import type { CompiledRuleSet } from "./engine/rule-set";
import { ruleSources } from "./generated/rules-bundle";

function load(): CompiledRuleSet {
  const compiled = compileRules(ruleSources);
  if (!compiled.ok) throw new Error(`invalid rules:\n${formatRuleErrors(compiled.error)}`);
  return compiled.value;
}

export const bundledRules: CompiledRuleSet = load();
