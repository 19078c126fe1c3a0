/** The JSON Schemas editors use are fresh, accept the shipped rules and reject a broken one. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { renderSchemas, SCHEMA_DIR } from "../../src/cli/rules-schema";

const rendered = renderSchemas();

describe("rules/schema", () => {
  for (const file of Object.keys(rendered)) {
    it(`${file} matches the zod schemas (run npm run rules:schema if not)`, () => {
      expect(readFileSync(join(SCHEMA_DIR, file), "utf8")).toBe(rendered[file]);
    });
  }

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const files = readdirSync("rules").filter((f) => f.endsWith(".json"));

  it("every rules file names its schema, and validates against it", () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const json = JSON.parse(readFileSync(join("rules", file), "utf8"));
      expect(json.$schema, file).toMatch(
        /^\.\/schema\/(rules|site|signals|segments)\.schema\.json$/,
      );
      const validate = ajv.compile(JSON.parse(readFileSync(join("rules", json.$schema), "utf8")));
      expect(validate(json), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("flags the mistakes an editor should flag as you type", () => {
    const validate = ajv.compile(JSON.parse(rendered["rules.schema.json"]!));
    const bad = {
      rules: [
        {
          id: "Bad Id",
          when: { all: [{ fact: "device.type", op: "equals", value: "mobile" }] },
          actions: [{ type: "inject", target: { slot: "x" }, position: "middle", html: "<b></b>" }],
        },
      ],
    };
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain("/rules/0/id");
    expect(paths.some((p) => p.startsWith("/rules/0/actions/0"))).toBe(true);
    expect(paths.some((p) => p.startsWith("/rules/0/when"))).toBe(true);
  });
});
