/**
 * The page path: every storefront request that is not ours.
 * Forwards to the origin; for personalizable requests (GET, HTML, 200, not a
 * bot, not opted out) it reads the visitor's state within budget in parallel
 * with the origin fetch, selects rules, and streams the origin body through
 * HTMLRewriter. Fails open: whatever of ours fails or is slow, the shopper gets
 * the origin's page unchanged. Never buffers a body.
 */
import type { CompiledRuleSet } from "../engine/rule-set";
import { type Decision, type Page, resolvePage, selectActions } from "../engine/select-actions";
import { escapeHtml } from "../engine/template";
import { buildRewriter } from "./build-rewriter";
import { decodedHtmlResponse } from "./content-encoding";
import { type DebugRequest, readDebugRequest } from "./debug-request";
import { traceComment, traceHeader, traceLines } from "./decision-trace";
import type { Origin } from "./origin";
import { forward, isLoop } from "./proxy";
import { requestFacts } from "./request-facts";
import { includeFetcher } from "./rewriter/include";
import { snapshotSetCookie } from "./snapshot-cookie";
import { isBot } from "./user-agent";
import { identifyVisitor, isHttps, readCookie, type Visitor } from "./visitor-cookie";
import { NO_STATE, readWithBudget, type SegmentReader, type VisitorState } from "./visitor-state";

export const OPT_OUT_COOKIE = "ep_optout";

/** Client hints the rules can use; asked for on HTML responses so the next request carries them. */
const ACCEPT_CH = "Sec-CH-UA-Mobile, Sec-CH-UA-Platform, ECT, RTT, Downlink, Save-Data";

export interface PageDeps {
  rules: CompiledRuleSet;
  origin: Origin;
  segments: SegmentReader;
  /** HMAC secret for the visitor cookie; undefined disables visitor identity (and the tag). */
  cookieSecret: string | undefined;
  now: () => number;
  /** The client tag's URL; absent = no tag is injected. */
  tagSrc?: string;
  /** ENVIRONMENT: "development" allows traces and previews without a token. */
  environment?: string;
}

export function isPersonalizable(request: Request): boolean {
  if (request.method !== "GET") return false;
  if (request.headers.has("range")) return false;
  if (isBot(request.headers)) return false;
  if (readCookie(request.headers.get("cookie"), OPT_OUT_COOKIE) === "1") return false;
  return true;
}

export function isRewritableHtml(response: Response): boolean {
  if (response.status !== 200 || !response.body) return false;
  const type = response.headers.get("content-type") ?? "";
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type);
}

export async function servePage(request: Request, deps: PageDeps): Promise<Response> {
  if (isLoop(request, deps.origin)) {
    return new Response(
      "edge-personalizer: request loop detected (the Worker is proxying to itself; check ORIGIN_URL)\n",
      {
        status: 508,
        headers: { "content-type": "text/plain; charset=utf-8" },
      },
    );
  }
  if (!isPersonalizable(request)) return forwardOr502(request, deps.origin);

  const started = performance.now();
  const originResponse = forwardOr502(request, deps.origin);
  let prepared: Prepared | undefined;
  try {
    prepared = await prepare(request, deps);
  } catch (e) {
    console.warn(
      `edge-personalizer: decision failed, serving the origin page unchanged: ${(e as Error).message}`,
    );
  }
  const decideMs = performance.now() - started;
  const response = await originResponse;
  if (!prepared || !isRewritableHtml(response)) return response;
  // Once decoding has begun reading the body, the decoded response is the one whose body is intact.
  let page = response;
  try {
    page = await decodedHtmlResponse(response);
    return await rewrite(page, request, prepared, deps, decideMs);
  } catch (e) {
    console.warn(
      `edge-personalizer: rewriting failed, serving the origin page unchanged: ${(e as Error).message}`,
    );
    return page;
  }
}

interface Prepared {
  decision: Decision;
  page: Page;
  visitor?: Visitor;
  state: VisitorState;
  debug: DebugRequest;
}

async function prepare(request: Request, deps: PageDeps): Promise<Prepared> {
  const now = deps.now();
  const url = new URL(request.url);
  const page = resolvePage(deps.rules, url.pathname);
  const visitor = deps.cookieSecret
    ? await identifyVisitor(request, deps.cookieSecret, now)
    : undefined;
  const debug = await readDebugRequest(
    request,
    deps.rules,
    deps.environment,
    deps.cookieSecret,
    now,
  );
  const state =
    debug.preview ??
    (visitor?.returning && deps.rules.readsVisitorState
      ? await readWithBudget(deps.segments, visitor.id, request, deps.rules.site.segmentBudgetMs)
      : NO_STATE);
  const facts = requestFacts({
    request,
    page,
    returning: visitor?.returning ?? false,
    state,
    timeZone: deps.rules.site.timeZone,
    now,
  });
  const decision = selectActions(deps.rules, page, facts, now, { explain: debug.trace });
  return { decision, page, visitor, state, debug };
}

async function rewrite(
  response: Response,
  request: Request,
  prepared: Prepared,
  deps: PageDeps,
  decideMs: number,
): Promise<Response> {
  const { decision, visitor, state, debug } = prepared;
  const trace = debug.trace
    ? traceLines({ ...prepared, unknownSegments: debug.unknownSegments })
    : undefined;
  const fetcher = includeFetcher(deps.origin, request, deps.rules.site.includeHosts);
  const tag =
    visitor && deps.tagSrc && request.headers.get("sec-gpc") !== "1"
      ? tagScript(deps.tagSrc, prepared, deps.rules.site.tag.heartbeatSeconds)
      : undefined;
  const plan = buildRewriter(
    decision.planned,
    fetcher,
    deps.rules.site.esi,
    tag,
    trace && traceComment(trace),
  );
  const out = plan.rewriter.transform(response);
  const headers = out.headers;
  headers.delete("content-length");
  headers.delete("etag");
  headers.delete("last-modified");
  for (const [name, value] of plan.headers) headers.set(name, value);
  if (visitor?.setCookie) headers.append("set-cookie", visitor.setCookie);
  if (visitor && state.refresh && deps.cookieSecret && !debug.preview) {
    const cookie = await snapshotSetCookie(
      visitor.id,
      state.refresh,
      deps.cookieSecret,
      isHttps(request),
    );
    if (cookie) headers.append("set-cookie", cookie);
  }
  if (plan.personalized || visitor?.setCookie) headers.set("cache-control", "private, no-cache");
  headers.set("accept-ch", ACCEPT_CH);
  const fired = decision.trace.filter((t) => t.fired).length;
  headers.append(
    "server-timing",
    `ep-decide;dur=${decideMs.toFixed(2)};desc="${fired} rule(s), state: ${state.source}"`,
  );
  if (debug.refused) headers.set("x-ep-debug", `refused: ${debug.refused}`);
  if (debug.preview || trace) headers.set("cache-control", "private, no-store");
  if (trace) {
    headers.set("x-ep-trace", traceHeader(trace));
    headers.append("server-timing", `ep-rules;desc="${fired} of ${decision.trace.length} fired"`);
    headers.append("server-timing", `ep-state;desc="${state.source}"`);
  }
  return out;
}

/**
 * The client tag, async in <head>. It learns the page type, the rules already
 * applied here (so live decisions do not apply them twice) and its heartbeat.
 */
function tagScript(src: string, prepared: Prepared, heartbeatSeconds: number): string {
  const applied = new Set(prepared.decision.planned.map((p) => p.ruleId));
  const attr = (v: string) => escapeHtml(v);
  return `<script async src="${attr(src)}" data-page-type="${attr(prepared.page.type ?? "")}" data-rules="${attr([...applied].join(","))}" data-hb="${heartbeatSeconds}"></script>`;
}

async function forwardOr502(request: Request, origin: Origin): Promise<Response> {
  try {
    return await forward(request, origin);
  } catch (e) {
    console.warn(`edge-personalizer: origin unreachable: ${(e as Error).name}`);
    return new Response(ORIGIN_DOWN_PAGE, {
      status: 502,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": "5",
      },
    });
  }
}

const ORIGIN_DOWN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store temporarily unavailable</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">
<h1>We'll be right back</h1><p>The store could not be reached just now. Please try again in a few seconds.</p>
</body></html>`;
