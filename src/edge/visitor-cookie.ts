/**
 * The visitor id: a random id in a first-party cookie signed with HMAC-SHA256,
 * so a shopper cannot claim another visitor's id (and, later, their segments).
 * Format: ep_vid=v1.<id>.<issued-at seconds>.<base64url signature>.
 * Refuses unsigned, tampered or malformed cookies: they read as "no visitor".
 */

export const VISITOR_COOKIE = "ep_vid";
const MAX_AGE_SECONDS = 60 * 60 * 24 * 395;

export interface Visitor {
  id: string;
  /** True when the id came from a valid cookie (a returning visitor). */
  returning: boolean;
  /** Set-Cookie value to send when the id is new. */
  setCookie?: string;
}

const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** HMAC-SHA256 of `payload`, base64url. */
export async function hmacSign(payload: string, secret: string): Promise<string> {
  const key = await hmacKey(secret);
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(payload));
  return toBase64Url(new Uint8Array(sig));
}

/**
 * Checks a base64url HMAC-SHA256 signature with crypto.subtle.verify (constant time).
 * Successful verifications, remembered per isolate: a returning visitor's
 * cookies are checked once, not on every page view. Only successes are kept
 * (a forged cookie never enters), keyed by secret, payload and signature; bounded.
 */
const verified = new Map<string, true>();
const MAX_VERIFIED = 4096;

export async function hmacVerify(
  payload: string,
  signature: string,
  secret: string,
): Promise<boolean> {
  const memo = `${secret}\u0000${payload}\u0000${signature}`;
  if (verified.has(memo)) return true;
  const sig = fromBase64Url(signature);
  if (!sig) return false;
  const ok = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    sig,
    new TextEncoder().encode(payload),
  );
  if (ok) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(memo, true);
  }
  return ok;
}

export async function signVisitor(id: string, issuedAt: number, secret: string): Promise<string> {
  const payload = `v1.${id}.${issuedAt}`;
  return `${payload}.${await hmacSign(payload, secret)}`;
}

export async function verifyVisitor(value: string, secret: string): Promise<string | undefined> {
  const parts = value.split(".");
  if (parts.length !== 4 || parts[0] !== "v1" || !/^[A-Za-z0-9_-]{16,64}$/.test(parts[1]!))
    return undefined;
  if (!/^\d{1,12}$/.test(parts[2]!)) return undefined;
  return (await hmacVerify(parts.slice(0, 3).join("."), parts[3]!, secret)) ? parts[1] : undefined;
}

/** Whether cookies for this request should be Secure. */
export const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export async function identifyVisitor(
  request: Request,
  secret: string,
  now: number,
): Promise<Visitor> {
  const raw = readCookie(request.headers.get("cookie"), VISITOR_COOKIE);
  const existing = raw ? await verifyVisitor(raw, secret) : undefined;
  if (existing) return { id: existing, returning: true };
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const value = await signVisitor(id, Math.floor(now / 1000), secret);
  const secure = isHttps(request) ? "; Secure" : "";
  return {
    id,
    returning: false,
    setCookie: `${VISITOR_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
  };
}
