/**
 * The segment snapshot cookie (`ep_seg`): the visitor's segments and the signal
 * values rules read, as of a moment, signed with HMAC-SHA256 and bound to the
 * visitor id, valid until the next change by time alone. It lets the page path
 * personalize without leaving the isolate. Refuses a cookie that is unsigned,
 * tampered, for another visitor, expired, or too old: a shopper cannot grant
 * themselves a segment by editing it.
 */
import type { SegmentSnapshot } from "../engine/behaviour/visitor-model";
import { hmacSign, hmacVerify, readCookie } from "./visitor-cookie";

export const SNAPSHOT_COOKIE = "ep_seg";
/** A snapshot older than this is not trusted even if nothing was due to change. */
export const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const MAX_COOKIE_BYTES = 3000;

interface Payload {
  /** visitor id */
  v: string;
  s: string[];
  g: Record<string, number>;
  a: number;
  u?: number;
}

const encode = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const decode = (s: string) =>
  new TextDecoder().decode(
    Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
  );

/** Domain separation: the snapshot key is not the visitor-id key. */
const keyFor = (secret: string) => `${secret}|segment-snapshot`;

export function snapshotUsable(snap: SegmentSnapshot, now: number): boolean {
  return (
    now - snap.at < SNAPSHOT_MAX_AGE_MS && (snap.validUntil === undefined || now < snap.validUntil)
  );
}

/** A Set-Cookie value for the snapshot, or undefined if it would be too large to send. */
export async function snapshotSetCookie(
  visitorId: string,
  snap: SegmentSnapshot,
  secret: string,
  secure: boolean,
): Promise<string | undefined> {
  const payload: Payload = {
    v: visitorId,
    s: snap.segments,
    g: snap.signals,
    a: snap.at,
    u: snap.validUntil,
  };
  const body = encode(JSON.stringify(payload));
  const value = `${body}.${await hmacSign(body, keyFor(secret))}`;
  if (value.length > MAX_COOKIE_BYTES) return undefined;
  const expires = Math.min(
    snap.validUntil ?? Number.POSITIVE_INFINITY,
    snap.at + SNAPSHOT_MAX_AGE_MS,
  );
  const maxAge = Math.max(1, Math.ceil((expires - snap.at) / 1000));
  return `${SNAPSHOT_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export async function readSnapshotCookie(
  request: Request,
  visitorId: string,
  secret: string,
  now: number,
): Promise<SegmentSnapshot | undefined> {
  const raw = readCookie(request.headers.get("cookie"), SNAPSHOT_COOKIE);
  const dot = raw?.lastIndexOf(".") ?? -1;
  if (!raw || dot < 1) return undefined;
  const body = raw.slice(0, dot);
  if (!(await hmacVerify(body, raw.slice(dot + 1), keyFor(secret)))) return undefined;
  let payload: Payload;
  try {
    payload = JSON.parse(decode(body)) as Payload;
  } catch {
    return undefined;
  }
  if (payload.v !== visitorId || !Array.isArray(payload.s) || typeof payload.a !== "number")
    return undefined;
  const snap: SegmentSnapshot = {
    segments: payload.s,
    signals: payload.g ?? {},
    at: payload.a,
    validUntil: payload.u,
  };
  return snapshotUsable(snap, now) ? snap : undefined;
}
