/**
 * The catalogue of facts a rule condition may read, and the type of each.
 * Fixed names ("device.type") and open families ("query.<name>"). Refuses
 * unknown names at compile time so a typo fails the build, not the shopper.
 */

export type FactValue = string | number | boolean | undefined;

export type FactKind =
  | { kind: "enum"; values: readonly string[] }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "string" };

export const DEVICE_TYPES = ["mobile", "tablet", "desktop"] as const;
export const OPERATING_SYSTEMS = [
  "ios",
  "android",
  "windows",
  "macos",
  "linux",
  "chromeos",
  "other",
] as const;
export const EFFECTIVE_CONNECTION_TYPES = ["slow-2g", "2g", "3g", "4g"] as const;
export const REFERRER_KINDS = ["direct", "internal", "search", "social", "email", "other"] as const;
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const text = { kind: "string" } as const;
const num = { kind: "number" } as const;
const bool = { kind: "boolean" } as const;

/** Facts with a fixed name. `page.type` is checked against the site's page types separately. */
export const FIXED_FACTS: Readonly<Record<string, FactKind>> = {
  "page.path": text,
  "page.type": text,
  "device.type": { kind: "enum", values: DEVICE_TYPES },
  "device.os": { kind: "enum", values: OPERATING_SYSTEMS },
  "network.ect": { kind: "enum", values: EFFECTIVE_CONNECTION_TYPES },
  "network.saveData": bool,
  "network.downlink": num,
  "network.rtt": num,
  "network.edgeRtt": num,
  "geo.country": text,
  "geo.region": text,
  "geo.city": text,
  "geo.continent": text,
  "geo.timezone": text,
  "referrer.host": text,
  "referrer.kind": { kind: "enum", values: REFERRER_KINDS },
  "utm.source": text,
  "utm.medium": text,
  "utm.campaign": text,
  "utm.term": text,
  "utm.content": text,
  "visitor.returning": bool,
  "time.hour": num,
  "time.weekday": { kind: "enum", values: WEEKDAYS },
};

/** Families whose member name is chosen by the rule author. */
export const FACT_FAMILIES: Readonly<Record<string, FactKind>> = {
  "query.": text,
  "cookie.": text,
  "header.": text,
  "path.": text,
  "signal.": num,
};

export function factKind(name: string): FactKind | undefined {
  const fixed = FIXED_FACTS[name];
  if (fixed) return fixed;
  for (const [prefix, kind] of Object.entries(FACT_FAMILIES)) {
    if (name.startsWith(prefix) && name.length > prefix.length) return kind;
  }
  return undefined;
}
