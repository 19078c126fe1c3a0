/**
 * GET /__ep/debug/visitor — development only (ENVIRONMENT=development, as
 * `npm run dev` sets it): the current visitor's segments, signals, last device
 * context and most recent events, to see what the tag sent and how it was understood. Answers 404 in
 * every other environment; never shows any visitor but the cookie's own.
 */
import { Hono } from "hono";
import { identifyVisitor } from "../edge/visitor-cookie";

export function debugRoute(deps: { now: () => number; secret: (env: Env) => string | undefined }) {
  const route = new Hono<{ Bindings: Env }>();
  route.get("/__ep/debug/visitor", async (c) => {
    const secret = deps.secret(c.env);
    if (c.env.ENVIRONMENT !== "development" || !secret) {
      return c.json(
        { error: { reason: "not_found", message: "debug endpoints exist only in development" } },
        404,
      );
    }
    c.header("cache-control", "no-store");
    const visitor = await identifyVisitor(c.req.raw, secret, deps.now());
    if (!visitor.returning) return c.json({ visitor: null, segments: [], events: [] });
    const stub = c.env.VISITOR.get(c.env.VISITOR.idFromName(visitor.id));
    const [snapshot, context, events] = await Promise.all([
      stub.snapshot(visitor.id),
      stub.deviceContext(),
      stub.recentEvents(Number(c.req.query("limit")) || 100),
    ]);
    return c.json({
      segments: snapshot.segments,
      signals: snapshot.signals,
      validUntil: snapshot.validUntil,
      context: context ?? null,
      events,
    });
  });
  return route;
}
