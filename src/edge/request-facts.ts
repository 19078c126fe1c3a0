/**
 * Turns one request (plus page, visitor and segment state) into the Facts that
 * rule conditions read. Facts are computed lazily and memoised, so a rule set
 * that never asks about geo never parses it. Reads only the request: no I/O.
 */
import type { Facts } from "../engine/evaluate-condition";
import type { FactValue } from "../engine/schema/facts";
import { EFFECTIVE_CONNECTION_TYPES, WEEKDAYS } from "../engine/schema/facts";
import type { Page } from "../engine/select-actions";
import { deviceType, operatingSystem } from "./user-agent";
import { readCookie } from "./visitor-cookie";
import type { VisitorState } from "./visitor-state";

export interface FactInputs {
  request: Request;
  page: Page;
  returning: boolean;
  state: VisitorState;
  timeZone: string;
  now: number;
}

const SEARCH = /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|startpage)\./i;
const SOCIAL =
  /(^|\.)(facebook|instagram|twitter|x|t|linkedin|lnkd|pinterest|reddit|tiktok|youtube|threads)\.(com|co|in|net)$/i;

export function referrerKind(
  referrer: string | null,
  publicHost: string,
  utmMedium: string | null,
) {
  if (utmMedium && /e-?mail/i.test(utmMedium)) return "email";
  if (!referrer) return "direct";
  let host: string;
  try {
    host = new URL(referrer).host;
  } catch {
    return "other";
  }
  if (host === publicHost) return "internal";
  if (SEARCH.test(host)) return "search";
  if (SOCIAL.test(host)) return "social";
  if (/mail\./i.test(host)) return "email";
  return "other";
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localTime(now: number, timeZone: string): { hour: number; weekday: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hour: "numeric",
      hourCycle: "h23",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(now));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const weekday = (parts.find((p) => p.type === "weekday")?.value ?? "").toLowerCase().slice(0, 3);
  return { hour, weekday: WEEKDAYS.includes(weekday as (typeof WEEKDAYS)[number]) ? weekday : "" };
}

const numberOrUndefined = (v: string | null | undefined) => {
  if (v === null || v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export function requestFacts(inputs: FactInputs): Facts {
  const { request, page, state } = inputs;
  const url = new URL(request.url);
  const headers = request.headers;
  const cf = (request as { cf?: Record<string, unknown> }).cf ?? {};
  const memo = new Map<string, FactValue>();
  let time: { hour: number; weekday: string } | undefined;
  const now = () => (time ??= localTime(inputs.now, inputs.timeZone));
  const cfString = (key: string) => (typeof cf[key] === "string" ? (cf[key] as string) : undefined);

  const compute = (name: string): FactValue => {
    switch (name) {
      case "page.path":
        return page.path;
      case "page.type":
        return page.type;
      case "device.type":
        return deviceType(headers);
      case "device.os":
        return operatingSystem(headers);
      case "network.ect": {
        const ect = headers.get("ect")?.toLowerCase();
        return EFFECTIVE_CONNECTION_TYPES.includes(ect as never) ? ect : undefined;
      }
      case "network.saveData":
        return headers.get("save-data")?.toLowerCase() === "on";
      case "network.downlink":
        return numberOrUndefined(headers.get("downlink"));
      case "network.rtt":
        return numberOrUndefined(headers.get("rtt"));
      case "network.edgeRtt":
        return typeof cf.clientTcpRtt === "number" ? cf.clientTcpRtt : undefined;
      case "geo.country":
        return cfString("country");
      case "geo.region":
        return cfString("region");
      case "geo.city":
        return cfString("city");
      case "geo.continent":
        return cfString("continent");
      case "geo.timezone":
        return cfString("timezone");
      case "referrer.host": {
        const ref = headers.get("referer");
        try {
          return ref ? new URL(ref).host : undefined;
        } catch {
          return undefined;
        }
      }
      case "referrer.kind":
        return referrerKind(headers.get("referer"), url.host, url.searchParams.get("utm_medium"));
      case "visitor.returning":
        return inputs.returning;
      case "time.hour":
        return now().hour;
      case "time.weekday":
        return now().weekday;
    }
    const dot = name.indexOf(".");
    const family = name.slice(0, dot);
    const key = name.slice(dot + 1);
    switch (family) {
      case "utm":
        return url.searchParams.get(`utm_${key}`) ?? undefined;
      case "query":
        return url.searchParams.get(key) ?? undefined;
      case "header":
        return headers.get(key) ?? undefined;
      case "cookie": {
        const raw = readCookie(headers.get("cookie"), key);
        if (raw === undefined) return undefined;
        try {
          return decodeURIComponent(raw);
        } catch {
          return raw;
        }
      }
      case "path":
        return page.params[key];
      case "signal":
        return state.signals[key];
    }
    return undefined;
  };

  return {
    fact(name) {
      if (memo.has(name)) return memo.get(name);
      const value = compute(name);
      memo.set(name, value);
      return value;
    },
    inSegment: (name) => state.segments.has(name),
  };
}
