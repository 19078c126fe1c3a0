/**
 * Secrets and optional settings the Worker reads, which `wrangler types` cannot
 * see in wrangler.toml.
 * Set them with `npx wrangler secret put NAME`; locally in .dev.vars (see .dev.vars.example).
 */
declare namespace Cloudflare {
  interface Env {
    /** HMAC key for the signed visitor cookie. Required in production. */
    COOKIE_SECRET?: string;
    /** Optional: events a visitor may send in a burst (default 300). */
    EVENT_RATE_CAPACITY?: string;
    /** Optional: events per second a visitor's allowance refills by (default 5). */
    EVENT_RATE_PER_SECOND?: string;
  }
}
