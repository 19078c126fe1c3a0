/** Test helpers for the workerd project: fixture rule sets and an app pointed at the stub origin. */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../src/edge/app";
import { emptyReader, type SegmentReader, type VisitorState } from "../../src/edge/visitor-state";
import { compileRules, type RuleSources } from "../../src/engine/compile-rules";
import type { CompiledRuleSet } from "../../src/engine/rule-set";
import { TEST_SEGMENTS, TEST_SIGNALS } from "../fixtures/behaviour";

export const STUB = "https://origin.test";
export { PAGE_HTML as PAGE_ORIGIN_HTML } from "../fixtures/stub-pages";
export const PUBLIC = "https://shop.test";

export const SITE = {
  file: "site.json",
  data: {
    timeZone: "UTC",
    pageTypes: { product: ["/page", "/products/:slug"], home: ["/"] },
    includeHosts: ["fragments.test"],
  },
};

export function ruleSet(
  rules: unknown[],
  fragments: Record<string, string> = {},
  site: { file: string; data: unknown } = SITE,
): CompiledRuleSet {
  const sources: RuleSources = {
    site,
    signals: TEST_SIGNALS,
    segments: TEST_SEGMENTS,
    ruleFiles: [{ file: "test.rules.json", data: { rules } }],
    fragments,
  };
  const compiled = compileRules(sources);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error, null, 2));
  return compiled.value;
}

export function stateReader(
  segments: string[],
  signals: Record<string, number> = {},
): SegmentReader {
  const state: VisitorState = { segments: new Set(segments), signals, source: "stub" };
  return { read: async () => state };
}

export interface FetchOptions {
  reader?: SegmentReader;
  envOverrides?: Partial<Env>;
  now?: number;
}

/** Sends `request` through a Worker built from `rules`, in front of the stub origin. */
export async function through(
  rules: CompiledRuleSet,
  request: Request,
  options: FetchOptions = {},
): Promise<Response> {
  const app = createApp({
    rules,
    segments: () => options.reader ?? emptyReader,
    now: options.now === undefined ? undefined : () => options.now!,
  });
  const ctx = createExecutionContext();
  const response = await app.fetch(
    request,
    { ...env, ORIGIN_URL: STUB, ...options.envOverrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

export const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`${PUBLIC}${path}`, { headers: { "user-agent": DESKTOP_UA, ...headers } });

export const DESKTOP_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
export const MOBILE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36";

/** A returning visitor's cookie header, signed with the test secret. */
export async function returningCookie(): Promise<string> {
  const { signVisitor } = await import("../../src/edge/visitor-cookie");
  return `ep_vid=${await signVisitor("testvisitor0000000001", 1_700_000_000, "test-cookie-secret")}`;
}
