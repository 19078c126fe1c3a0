/**
 * Generates the JSON Schemas editors use for autocompletion and inline errors
 * (rules/schema/*.schema.json) from the zod schemas the engine validates with,
 * so the two can never disagree. `--check` exits non-zero when a committed
 * schema is stale instead of writing.
 * Usage: tsx src/cli/rules-schema.ts [--check]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { SegmentsFile, SignalsFile } from "../engine/schema/behaviour";
import { RulesFile, Site } from "../engine/schema/rule";

export const SCHEMA_DIR = "rules/schema";

const SCHEMAS: Record<string, { schema: z.ZodType; title: string; applies: string }> = {
  "rules.schema.json": {
    schema: RulesFile,
    title: "edge-personalizer rules",
    applies: "rules/*.rules.json",
  },
  "site.schema.json": {
    schema: Site,
    title: "edge-personalizer site settings",
    applies: "rules/site.json",
  },
  "signals.schema.json": {
    schema: SignalsFile,
    title: "edge-personalizer signals",
    applies: "rules/signals.json",
  },
  "segments.schema.json": {
    schema: SegmentsFile,
    title: "edge-personalizer segments",
    applies: "rules/segments.json",
  },
};

export function renderSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, { schema, title, applies }] of Object.entries(SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    const doc = {
      ...json,
      title,
      description: `Generated from the zod schemas in src/engine/schema; applies to ${applies}. Do not edit: run npm run rules:schema.`,
    };
    out[file] = `${JSON.stringify(doc, null, 2)}\n`;
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [file, text] of Object.entries(renderSchemas())) {
    const path = join(SCHEMA_DIR, file);
    const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (current === text) continue;
    if (check) stale.push(path);
    else writeFileSync(path, text);
  }
  if (stale.length > 0) {
    console.error(
      `edge-personalizer: stale JSON Schemas (run npm run rules:schema): ${stale.join(", ")}`,
    );
    process.exit(1);
  }
  console.log(
    check
      ? "edge-personalizer: JSON Schemas are up to date"
      : `edge-personalizer: JSON Schemas written to ${SCHEMA_DIR}/`,
  );
}
