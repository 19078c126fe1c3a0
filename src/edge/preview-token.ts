/**
 * Preview tokens: what lets QA ask production for a decision trace or a forced
 * set of segments. `v1.<expires-at seconds>.<HMAC-SHA256>` with a key derived
 * from COOKIE_SECRET (separate from the visitor and snapshot keys). Refuses
 * expired, malformed or foreign tokens; minted only by someone holding the
 * secret (npm run preview:token).
 */
import { hmacSign, hmacVerify } from "./visitor-cookie";

const keyFor = (secret: string) => `${secret}|preview-token`;

export async function mintPreviewToken(secret: string, expiresAtMs: number): Promise<string> {
  const payload = `v1.${Math.floor(expiresAtMs / 1000)}`;
  return `${payload}.${await hmacSign(payload, keyFor(secret))}`;
}

export async function previewTokenValid(
  token: string,
  secret: string,
  now: number,
): Promise<boolean> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "v1" || !/^\d{1,12}$/.test(parts[1]!)) return false;
  if (Number(parts[1]) * 1000 <= now) return false;
  return hmacVerify(`${parts[0]}.${parts[1]}`, parts[2]!, keyFor(secret));
}
