/**
 * Secrets the Worker reads, which `wrangler types` cannot see in wrangler.toml.
 * Set them with `npx wrangler secret put NAME`; locally in .dev.vars (see .dev.vars.example).
 */
declare namespace Cloudflare {
  interface Env {
    /** HMAC key for the signed visitor cookie. Required in production. */
    COOKIE_SECRET?: string;
  }
}
