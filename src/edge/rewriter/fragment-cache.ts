/**
 * An in-isolate cache for include fragments, as any ESI processor keeps: a
 * fragment whose response says `Cache-Control: public, max-age=N` (or
 * `s-maxage=N`) is kept for N seconds, so most page views include it with no
 * subrequest. Small and bounded (64 entries of at most 64 KB, oldest evicted).
 * Refuses `private`, `no-store`, `no-cache`, Set-Cookie and non-200 responses.
 */

const MAX_ENTRIES = 64;
const MAX_BYTES = 64 * 1024;

interface Entry {
  html: string;
  expires: number;
}

const entries = new Map<string, Entry>();

/** Seconds a fragment may be reused for, or 0. */
export function cacheableSeconds(response: Response): number {
  if (response.status !== 200 || response.headers.has("set-cookie")) return 0;
  const cc = (response.headers.get("cache-control") ?? "").toLowerCase();
  if (/(^|,)\s*(private|no-store|no-cache)\b/.test(cc)) return 0;
  const age = /(?:^|,)\s*s-maxage=(\d+)/.exec(cc) ?? /(?:^|,)\s*max-age=(\d+)/.exec(cc);
  return age ? Number(age[1]) : 0;
}

export function cachedFragment(url: string, now: number): string | undefined {
  const hit = entries.get(url);
  if (!hit) return undefined;
  if (hit.expires <= now) {
    entries.delete(url);
    return undefined;
  }
  return hit.html;
}

export function storeFragment(url: string, html: string, seconds: number, now: number): void {
  if (seconds <= 0 || html.length > MAX_BYTES) return;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(url, { html, expires: now + seconds * 1000 });
}
