/**
 * The Worker's HTTP surface as a typed Hono app: our own endpoints under
 * /__ep/ (collect, personalize, the tag, health; JSON errors via one handler),
 * everything else down the page path, which fails open to the origin and never
 * renders an error page of ours.
 */
import { Hono } from "hono";
import { collectRoute } from "../collect/collect-route";
import { debugRoute } from "../collect/debug-route";
import { personalizeRoute } from "../collect/personalize-route";
import { TAG_PATH, tagRoute } from "../collect/tag-route";
import type { CompiledRuleSet } from "../engine/rule-set";
import { chooseOrigin } from "./origin";
import { servePage } from "./page-path";
import { emptyReader, type SegmentReader } from "./visitor-state";

export interface AppDeps {
  rules: CompiledRuleSet;
  /** Where segment membership comes from (the read ladder in production). */
  segments: (env: Env, secret: string) => SegmentReader;
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
  const shared = { rules: deps.rules, now, secret: cookieSecret };

  app.get("/__ep/health", (c) => c.json({ ok: true, rules: deps.rules.rules.length }));
  app.route("/", tagRoute());
  app.route("/", collectRoute(shared));
  app.route("/", personalizeRoute({ ...shared, segments: deps.segments }));
  app.route("/", debugRoute(shared));
  app.all("/__ep/*", (c) =>
    c.json(
      { error: { reason: "not_found", message: `no endpoint ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );

  app.all("*", (c) => {
    const secret = cookieSecret(c.env);
    return servePage(c.req.raw, {
      rules: deps.rules,
      origin: chooseOrigin(c.env),
      segments: secret ? deps.segments(c.env, secret) : emptyReader,
      cookieSecret: secret,
      now,
      tagSrc: TAG_PATH,
      environment: c.env.ENVIRONMENT,
    });
  });

  app.onError((error, c) => {
    console.error(`edge-personalizer: ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: { reason: "internal", message: "internal error" } }, 500);
  });

  return app;
}
