/**
 * The one place that decides where pages come from.
 * ORIGIN_URL set → that storefront, over the network with fetch().
 * ORIGIN_URL unset or empty → the embedded demo storefront, called in-process
 * with exactly the Request a remote origin would receive.
 * Refuses an ORIGIN_URL that is not an absolute http(s) URL.
 */
import { demoStore } from "../demo/store";

export interface Origin {
  /** Scheme + host (+ base path) that upstream URLs are built on. */
  readonly base: URL;
  fetch(request: Request): Promise<Response>;
}

/** The host the demo store pretends to live on; never resolved over the network. */
export const DEMO_ORIGIN = "http://demo-origin.internal";

export function chooseOrigin(env: { ORIGIN_URL?: string }): Origin {
  const configured = env.ORIGIN_URL?.trim();
  if (!configured) {
    return { base: new URL(DEMO_ORIGIN), fetch: async (request) => demoStore.fetch(request) };
  }
  let base: URL;
  try {
    base = new URL(configured);
  } catch {
    throw new Error(`ORIGIN_URL '${configured}' is not an absolute URL`);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new Error(`ORIGIN_URL '${configured}' must be http(s)`);
  }
  return { base, fetch: (request) => fetch(request) };
}

/** The upstream URL for a public request: same path and query on the origin. */
export function upstreamUrl(origin: Origin, publicUrl: URL): URL {
  const url = new URL(origin.base.href);
  const basePath = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
  url.pathname = basePath + publicUrl.pathname;
  url.search = publicUrl.search;
  return url;
}
