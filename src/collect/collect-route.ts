/**
 * POST /__ep/collect: behavioural events from the client tag (or any caller).
 * Takes application/json or text/plain (sendBeacon) up to 64 KB and 100 events;
 * the visitor is the one in the signed cookie (a first-time visitor gets one),
 * never one named in the body. Validates each event on its own: invalid ones
 * are reported by index, JSON path and reason while the valid ones are stored.
 * Answers only after the visitor's Durable Object has committed the batch,
 * with the new segments and live decisions for the current page, and a fresh
 * signed snapshot cookie so the next page view reads its own writes.
 */
import { Hono } from "hono";
import { z } from "zod";
import { withDeadline } from "../edge/deadline";
import { OPT_OUT_COOKIE } from "../edge/page-path";
import { snapshotSetCookie } from "../edge/snapshot-cookie";
import { identifyVisitor, isHttps, readCookie } from "../edge/visitor-cookie";
import { stateFromSnapshot } from "../edge/visitor-state";
import type { PagedEvent } from "../engine/behaviour/visitor-model";
import { jsonPath } from "../engine/json-path";
import type { CompiledRuleSet } from "../engine/rule-set";
import { Envelope, Event, MAX_BATCH } from "../engine/schema/event";
import { resolvePage } from "../engine/select-actions";
import type { IngestOutcome } from "../state/visitor";
import { decideForPage, liveDecisions } from "./decisions";
import { readLimited } from "./read-body";

export const MAX_BODY_BYTES = 64 * 1024;
/** How long a batch may wait for the visitor's Durable Object before the answer is 503. */
export const INGEST_TIMEOUT_MS = 5000;

export interface Rejected {
  index: number;
  path: string;
  reason: string;
}

type CollectEnv = { Bindings: Env };

const problem = (reason: string, message: string, extra: object = {}) => ({
  error: { reason, message, ...extra },
});

export function collectRoute(deps: {
  rules: CompiledRuleSet;
  now: () => number;
  secret: (env: Env) => string | undefined;
}) {
  const route = new Hono<CollectEnv>();

  route.post("/__ep/collect", async (c) => {
    c.header("cache-control", "no-store");
    const type = (c.req.header("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json" && type !== "text/plain") {
      return c.json(problem("unsupported_media_type", "send application/json or text/plain"), 415);
    }
    const body = await readLimited(c.req.raw, MAX_BODY_BYTES);
    if (!body.ok) {
      return body.reason === "too_large"
        ? c.json(problem("body_too_large", `the body is over ${MAX_BODY_BYTES} bytes`), 413)
        : c.json(problem("unreadable_body", "the body could not be read"), 400);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (e) {
      return c.json(
        problem("malformed_json", `the body is not JSON: ${(e as Error).message}`),
        400,
      );
    }
    const count = (json as { events?: unknown })?.events;
    if (Array.isArray(count) && count.length > MAX_BATCH) {
      return c.json(
        problem("batch_too_large", `a batch has at most ${MAX_BATCH} events; got ${count.length}`),
        413,
      );
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) {
      return c.json(problem("invalid_envelope", z.prettifyError(envelope.error)), 400);
    }
    if (
      c.req.header("sec-gpc") === "1" ||
      readCookie(c.req.header("cookie") ?? null, OPT_OUT_COOKIE) === "1"
    ) {
      return c.json(
        {
          accepted: 0,
          duplicates: 0,
          rejected: [],
          segments: [],
          decisions: [],
          stored: false,
          reason: "opted_out",
        },
        202,
      );
    }
    const secret = deps.secret(c.env);
    if (!secret) return c.json(problem("not_configured", "COOKIE_SECRET is not set"), 503);

    const now = deps.now();
    const pagePath = envelope.data.page?.path;
    const defaultPage = pagePath ? new URL(pagePath, "http://x").pathname : undefined;
    const rejected: Rejected[] = [];
    const valid: PagedEvent[] = [];
    envelope.data.events.forEach((raw, index) => {
      const parsed = Event.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          rejected.push({
            index,
            path: jsonPath(["events", index, ...issue.path]),
            reason: issue.message,
          });
        }
        return;
      }
      const event = { ...parsed.data, page: parsed.data.page ?? defaultPage };
      valid.push({
        event,
        pageType: event.page ? resolvePage(deps.rules, event.page).type : undefined,
      });
    });
    if (valid.length === 0) {
      return c.json(
        { ...problem("no_valid_events", "no event in the batch is valid"), rejected },
        400,
      );
    }

    const visitor = await identifyVisitor(c.req.raw, secret, now);
    if (visitor.setCookie) c.header("set-cookie", visitor.setCookie, { append: true });
    const stub = c.env.VISITOR.get(c.env.VISITOR.idFromName(visitor.id));
    const ingested = stub.ingest(
      visitor.id,
      valid,
      envelope.data.context,
    ) as Promise<IngestOutcome>;
    const outcome = await withDeadline(
      ingested.catch((e: Error) => e),
      INGEST_TIMEOUT_MS,
      () => new Error("timeout"),
    );
    if (outcome instanceof Error) {
      // Not acknowledged: the tag keeps the batch and retries; event ids make the retry safe.
      console.warn(`edge-personalizer: visitor state unavailable: ${outcome.name}`);
      c.header("retry-after", "5");
      return c.json(
        problem("state_unavailable", "events were not stored; retry later with the same event ids"),
        503,
      );
    }
    if (!outcome.ok) {
      c.header("retry-after", String(outcome.retryAfterSeconds));
      return c.json(
        problem("rate_limited", `too many events; retry in ${outcome.retryAfterSeconds} s`),
        429,
      );
    }
    const cookie = await snapshotSetCookie(
      visitor.id,
      outcome.snapshot,
      secret,
      isHttps(c.req.raw),
    );
    if (cookie) c.header("set-cookie", cookie, { append: true });
    const decisions = pagePath
      ? liveDecisions(
          decideForPage({
            rules: deps.rules,
            request: c.req.raw,
            pagePath,
            returning: true,
            state: stateFromSnapshot(outcome.snapshot, "object"),
            now,
          }),
        )
      : [];
    return c.json({
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      rejected,
      segments: outcome.snapshot.segments,
      decisions,
    });
  });

  return route;
}
