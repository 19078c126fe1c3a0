/**
 * Generates everything the Worker bundles from outside src/: the validated
 * rules (from EP_RULES_DIR, default rules/) and the built client tag. Run by
 * wrangler's [build] step before every dev/deploy and by npm before tests and
 * typechecks. Exits non-zero on an invalid rule.
 */

import { buildTag } from "./build-tag";
import { bundleRules } from "./bundle-rules";

const dir = process.env.EP_RULES_DIR || "rules";
const rules = bundleRules(dir, "src/generated/rules-bundle.ts");
if (!rules.ok) {
  console.error(`edge-personalizer: ${rules.report}`);
  process.exit(1);
}
const tag = await buildTag();
console.log(
  `edge-personalizer: ${rules.rules} rule(s) from ${dir}/ are valid; client tag ${tag.hash} (${tag.bytes} bytes)`,
);
