/**
 * The Worker's HTTP surface as a typed Hono app: our own endpoints under
 * /__ep/ (JSON errors via one handler), everything else down the page path,
 * which fails open to the origin and never renders an error page of ours.
 */
import { Hono } from "hono";
import type { CompiledRuleSet } from "../engine/rule-set";
import { chooseOrigin } from "./origin";
import { servePage } from "./page-path";
import { emptyReader, type SegmentReader } from "./visitor-state";

export interface AppDeps {
  rules: CompiledRuleSet;
  /** Where segment membership comes from; the state layer provides the real one. */
  segments: (env: Env) => SegmentReader;
  now?: () => number;
}

export type AppEnv = { Bindings: Env };

/** A development-only secret, so `npm run dev` works with no setup. Never used in production. */
const DEV_COOKIE_SECRET = "edge-personalizer-development-only-secret";
let warnedNoSecret = false;

export function cookieSecret(env: Env): string | undefined {
  if (env.COOKIE_SECRET) return env.COOKIE_SECRET;
  if (env.ENVIRONMENT === "development") return DEV_COOKIE_SECRET;
  if (!warnedNoSecret) {
    warnedNoSecret = true;
    console.warn("edge-personalizer: COOKIE_SECRET is not set; visitor identity is disabled");
  }
  return undefined;
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? Date.now;

  app.get("/__ep/health", (c) => c.json({ ok: true, rules: deps.rules.rules.length }));

  app.all("/__ep/*", (c) =>
    c.json({ error: { reason: "not_found", message: `no endpoint ${c.req.path}` } }, 404),
  );

  app.all("*", (c) =>
    servePage(c.req.raw, {
      rules: deps.rules,
      origin: chooseOrigin(c.env),
      segments: deps.segments(c.env),
      cookieSecret: cookieSecret(c.env),
      now,
    }),
  );

  app.onError((error, c) => {
    console.error(`edge-personalizer: ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: { reason: "internal", message: "internal error" } }, 500);
  });

  return app;
}

export { emptyReader };
