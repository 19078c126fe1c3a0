/**
 * Device type, OS and bot detection from client hints and the User-Agent.
 * Client hints win when present (they are structured); the UA string is the
 * fallback. Refuses to guess beyond the documented enums.
 */
import type { DEVICE_TYPES, OPERATING_SYSTEMS } from "../engine/schema/facts";

export type DeviceType = (typeof DEVICE_TYPES)[number];
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];

const BOT =
  /bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|lighthouse|headlesschrome|curl\/|wget|python-requests|httpclient/i;

export function isBot(headers: Headers): boolean {
  const ua = headers.get("user-agent") ?? "";
  return ua === "" || BOT.test(ua);
}

export function deviceType(headers: Headers): DeviceType {
  const ua = headers.get("user-agent") ?? "";
  if (
    /iPad|Tablet|PlayBook|Silk|Kindle/i.test(ua) ||
    (/Android/i.test(ua) && !/Mobile/i.test(ua))
  ) {
    return "tablet";
  }
  if (headers.get("sec-ch-ua-mobile") === "?1") return "mobile";
  if (/Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini/i.test(ua)) return "mobile";
  return "desktop";
}

const PLATFORM_HINTS: Record<string, OperatingSystem> = {
  android: "android",
  ios: "ios",
  windows: "windows",
  macos: "macos",
  linux: "linux",
  "chrome os": "chromeos",
  chromeos: "chromeos",
};

export function operatingSystem(headers: Headers): OperatingSystem {
  const hint = headers.get("sec-ch-ua-platform")?.replace(/"/g, "").trim().toLowerCase();
  if (hint && PLATFORM_HINTS[hint]) return PLATFORM_HINTS[hint];
  const ua = headers.get("user-agent") ?? "";
  if (/iPhone|iPad|iPod/i.test(ua)) return "ios";
  if (/Android/i.test(ua)) return "android";
  if (/CrOS/i.test(ua)) return "chromeos";
  if (/Windows/i.test(ua)) return "windows";
  if (/Mac OS X|Macintosh/i.test(ua)) return "macos";
  if (/Linux/i.test(ua)) return "linux";
  return "other";
}
