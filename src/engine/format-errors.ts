/** Formats rule errors as `rules/<file>:<json path>: <message>`, one per line. */
import type { RuleError } from "./rule-set";

export const formatRuleErrors = (errors: readonly RuleError[], dir = "rules") =>
  errors.map((e) => `${dir}/${e.file}:${e.path}: ${e.message}`).join("\n");
