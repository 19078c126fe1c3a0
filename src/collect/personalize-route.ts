/**
 * GET /__ep/personalize?path=/products/x: the visitor's segments and the
 * decisions for that page (fragments per slot, classes, attributes, headers),
 * for single-page apps and other clients that render themselves. Reads state
 * through the same ladder and budget as the page path; never personalizes for
 * a visitor other than the one in the signed cookie.
 */
import { Hono } from "hono";
import { identifyVisitor } from "../edge/visitor-cookie";
import type { SegmentReader } from "../edge/visitor-state";
import { NO_STATE, readWithBudget } from "../edge/visitor-state";
import type { CompiledRuleSet } from "../engine/rule-set";
import { decideForPage } from "./decisions";

type PersonalizeEnv = { Bindings: Env };

export function personalizeRoute(deps: {
  rules: CompiledRuleSet;
  now: () => number;
  secret: (env: Env) => string | undefined;
  segments: (env: Env, secret: string) => SegmentReader;
}) {
  const route = new Hono<PersonalizeEnv>();
  route.get("/__ep/personalize", async (c) => {
    c.header("cache-control", "private, no-store");
    const path = c.req.query("path") ?? "/";
    if (!path.startsWith("/") || path.startsWith("//") || path.length > 2048) {
      return c.json(
        { error: { reason: "invalid_path", message: "path is a site path starting with '/'" } },
        400,
      );
    }
    const secret = deps.secret(c.env);
    if (!secret)
      return c.json(
        { error: { reason: "not_configured", message: "COOKIE_SECRET is not set" } },
        503,
      );
    const now = deps.now();
    const visitor = await identifyVisitor(c.req.raw, secret, now);
    if (visitor.setCookie) c.header("set-cookie", visitor.setCookie, { append: true });
    const state = visitor.returning
      ? await readWithBudget(
          deps.segments(c.env, secret),
          visitor.id,
          c.req.raw,
          deps.rules.site.segmentBudgetMs,
        )
      : NO_STATE;
    const decision = decideForPage({
      rules: deps.rules,
      request: c.req.raw,
      pagePath: path,
      returning: visitor.returning,
      state,
      now,
    });
    return c.json({
      path,
      segments: [...state.segments].sort(),
      source: state.source,
      decisions: decision.planned.map((p) => {
        const { action, selector } = p.compiled;
        return {
          rule: p.ruleId,
          type: action.type,
          selector,
          ...("position" in action ? { position: action.position } : {}),
          ...(p.html !== undefined ? { html: p.html } : {}),
          ...(action.type === "include" ? { src: action.src, fallbackHtml: p.fallbackHtml } : {}),
          ...("name" in action ? { name: action.name } : {}),
          ...("value" in action ? { value: action.value } : {}),
          ...("class" in action ? { class: action.class } : {}),
          ...(p.gates.length > 0 ? { requiresMeta: p.gates.map((g) => g.name) } : {}),
        };
      }),
    });
  });
  return route;
}
