/**
 * Where in a JSON document a problem is: `$.rules[2].actions[0].selector`, and
 * zod issues turned into file + path + message errors. Shared by every check.
 */
import type { z } from "zod";
import type { RuleError } from "./rule-set";

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return `$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

export function zodErrors(
  file: string,
  error: z.ZodError,
  base: ReadonlyArray<PropertyKey> = [],
): RuleError[] {
  return error.issues.map((issue) => ({
    file,
    path: jsonPath([...base, ...issue.path]),
    message: issue.message,
  }));
}
