/**
 * Mints a preview token, so QA can ask production for decision traces and
 * forced segments: `?__ep_token=<token>&__ep_trace=1&__ep_preview=High%20Intent`.
 * Needs the deployed COOKIE_SECRET in the environment (or in .dev.vars);
 * the token expires after --hours (default 4, at most 168).
 * Usage: COOKIE_SECRET=… npm run preview:token -- [--hours N]
 */
import { existsSync, readFileSync } from "node:fs";
import { mintPreviewToken } from "../edge/preview-token";

function secretFromDevVars(): string | undefined {
  if (!existsSync(".dev.vars")) return undefined;
  return /^COOKIE_SECRET\s*=\s*"?([^"\n]+)"?\s*$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1];
}

const secret = process.env.COOKIE_SECRET || secretFromDevVars();
if (!secret) {
  console.error(
    "edge-personalizer: set COOKIE_SECRET (the Worker's secret) to mint a preview token",
  );
  process.exit(1);
}
const at = process.argv.indexOf("--hours");
const hours = at >= 0 ? Number(process.argv[at + 1]) : 4;
if (!Number.isFinite(hours) || hours <= 0 || hours > 168) {
  console.error("edge-personalizer: --hours takes a number from 0 to 168");
  process.exit(1);
}
const expires = Date.now() + hours * 3_600_000;
const token = await mintPreviewToken(secret, expires);
console.log(token);
console.error(
  `valid until ${new Date(expires).toISOString()}; use ?__ep_token=${token}&__ep_trace=1 or the x-ep-preview-token header`,
);
