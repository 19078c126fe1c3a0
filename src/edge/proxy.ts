/**
 * Forwards a public request to the origin and maps the origin's response back.
 * Forwards method, headers, query and body; sets X-Forwarded-*; adds the loop
 * guard; rewrites Location and cookie Domain from the origin host to the public
 * host. Never reads or buffers a body: bodies stream through untouched.
 */
import { type Origin, upstreamUrl } from "./origin";

export const LOOP_GUARD_HEADER = "x-edge-personalizer-hop";

/** Headers that describe the hop to us, not the visitor's request. */
const HOP_HEADERS = ["host", "cf-connecting-ip", "cf-ray", "cf-visitor", "cf-worker", "x-real-ip"];

export function isLoop(request: Request, origin: Origin): boolean {
  const publicHost = new URL(request.url).host;
  return request.headers.has(LOOP_GUARD_HEADER) || origin.base.host === publicHost;
}

export function buildUpstreamRequest(request: Request, origin: Origin): Request {
  const publicUrl = new URL(request.url);
  const headers = new Headers(request.headers);
  for (const name of HOP_HEADERS) headers.delete(name);
  // Our own debugging controls (traces, previews, their tokens) are not the origin's business.
  for (const name of [...headers.keys()]) if (name.startsWith("x-ep-")) headers.delete(name);
  const clientIp = request.headers.get("cf-connecting-ip");
  if (clientIp) {
    const prior = request.headers.get("x-forwarded-for");
    headers.set("x-forwarded-for", prior ? `${prior}, ${clientIp}` : clientIp);
  }
  headers.set("x-forwarded-host", publicUrl.host);
  headers.set("x-forwarded-proto", publicUrl.protocol.slice(0, -1));
  headers.set(LOOP_GUARD_HEADER, "1");
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const target = upstreamUrl(origin, publicUrl);
  for (const name of [...target.searchParams.keys()])
    if (name.startsWith("__ep_")) target.searchParams.delete(name);
  return new Request(target, {
    method: request.method,
    headers,
    body: hasBody ? request.body : null,
    redirect: "manual",
  });
}

/** Maps origin-host references in response headers to the public host; the body is not touched. */
export function publicResponse(response: Response, origin: Origin, publicUrl: URL): Response {
  const location = response.headers.get("location");
  const rewrittenLocation = location && rewriteLocation(location, origin, publicUrl);
  const cookies = response.headers.getSetCookie();
  const originHost = origin.base.hostname.toLowerCase();
  const needsCookieRewrite = cookies.some((c) => cookieDomain(c) === originHost);
  if (!rewrittenLocation && !needsCookieRewrite) return response;
  const out = new Response(response.body, response);
  if (rewrittenLocation) out.headers.set("location", rewrittenLocation);
  if (needsCookieRewrite) {
    out.headers.delete("set-cookie");
    for (const cookie of cookies) {
      out.headers.append(
        "set-cookie",
        cookieDomain(cookie) === originHost ? dropDomain(cookie) : cookie,
      );
    }
  }
  return out;
}

function rewriteLocation(location: string, origin: Origin, publicUrl: URL): string | undefined {
  let target: URL;
  try {
    target = new URL(location, origin.base);
  } catch {
    return undefined;
  }
  if (target.host !== origin.base.host || /^\//.test(location)) return undefined;
  const basePath = origin.base.pathname.replace(/\/$/, "");
  const path =
    basePath && target.pathname.startsWith(basePath)
      ? target.pathname.slice(basePath.length) || "/"
      : target.pathname;
  return `${publicUrl.protocol}//${publicUrl.host}${path}${target.search}${target.hash}`;
}

function cookieDomain(cookie: string): string | undefined {
  return /;\s*domain=\.?([^;]+)/i.exec(cookie)?.[1]?.trim().toLowerCase();
}

/** A host-only cookie on the public host is what the origin meant. */
const dropDomain = (cookie: string) => cookie.replace(/;\s*domain=[^;]*/i, "");

export async function forward(request: Request, origin: Origin): Promise<Response> {
  const response = await origin.fetch(buildUpstreamRequest(request, origin));
  return publicResponse(response, origin, new URL(request.url));
}
