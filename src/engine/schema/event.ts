/**
 * Behavioural events as the client tag (or any caller) sends them, one zod
 * schema per type in a discriminated union. Client-reported durations are
 * clamped here so a tampered tag cannot claim an hour of dwell in one event.
 * Refuses unknown types, oversized strings and non-finite numbers.
 */
import { z } from "zod";

const text = (max: number) => z.string().max(max);
const pct = z.number().finite().min(0).max(100);
/** Durations from the client are clamped, not rejected: clocks and timers misbehave. */
const clampedMs = (max: number) =>
  z
    .number()
    .finite()
    .min(0)
    .transform((v) => Math.min(v, max));
const money = z.number().finite().min(0).max(1_000_000);

const base = {
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "event ids are 8–64 characters of [A-Za-z0-9_-]"),
  ts: z
    .number()
    .int()
    .min(0)
    .describe("Client clock, ms since epoch; informational: the server orders by its own clock."),
  page: text(2048).regex(/^\//, "page is a path starting with '/'").optional(),
};

const cartProps = z.strictObject({
  product: text(120),
  price: money.optional(),
  quantity: z.number().int().min(1).max(999).default(1),
});

export const EVENT_TYPES = [
  "page_view",
  "click",
  "scroll",
  "hover",
  "engagement",
  "form_start",
  "form_submit",
  "video_play",
  "video_progress",
  "add_to_cart",
  "remove_from_cart",
  "checkout_start",
  "purchase",
  "identify",
  "custom",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const Event = z.discriminatedUnion("type", [
  z.strictObject({
    ...base,
    type: z.literal("page_view"),
    props: z
      .strictObject({ pageType: text(40).optional(), referrer: text(2048).optional() })
      .default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("click"),
    props: z
      .strictObject({
        label: text(80).optional(),
        href: text(2048).optional(),
        product: text(120).optional(),
      })
      .default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("scroll"),
    props: z.strictObject({
      depth: pct,
      maxDepth: pct.optional(),
      velocity: z.number().finite().min(0).max(100_000).optional().describe("px/s"),
      timeTo50: clampedMs(3_600_000).optional(),
    }),
  }),
  z.strictObject({
    ...base,
    type: z.literal("hover"),
    props: z.strictObject({ target: text(40), dwellMs: clampedMs(120_000) }),
  }),
  z.strictObject({
    ...base,
    type: z.literal("engagement"),
    props: z.strictObject({
      visibleMs: clampedMs(60_000),
      velocity: z.number().finite().min(0).max(100_000).optional(),
    }),
  }),
  z.strictObject({
    ...base,
    type: z.literal("form_start"),
    props: z.strictObject({ form: text(80).optional() }).default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("form_submit"),
    props: z.strictObject({ form: text(80).optional() }).default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("video_play"),
    props: z.strictObject({ video: text(200).optional() }).default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("video_progress"),
    props: z.strictObject({
      video: text(200).optional(),
      percent: pct,
      dropped: z.boolean().default(false),
    }),
  }),
  z.strictObject({ ...base, type: z.literal("add_to_cart"), props: cartProps }),
  z.strictObject({ ...base, type: z.literal("remove_from_cart"), props: cartProps }),
  z.strictObject({
    ...base,
    type: z.literal("checkout_start"),
    props: z.strictObject({ value: money.optional() }).default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("purchase"),
    props: z.strictObject({ value: money.optional(), order: text(80).optional() }).default({}),
  }),
  z.strictObject({
    ...base,
    type: z.literal("identify"),
    props: z.strictObject({ user: text(128) }),
  }),
  z.strictObject({
    ...base,
    type: z.literal("custom"),
    props: z.strictObject({ name: text(60), value: z.number().finite().optional() }),
  }),
]);
export type Event = z.infer<typeof Event>;

/** What the collect endpoint accepts: a batch, with the page and device context it came from. */
export const MAX_BATCH = 100;
export const Envelope = z.strictObject({
  v: z.literal(1).default(1),
  page: z.strictObject({ path: text(2048).regex(/^\//), type: text(40).optional() }).optional(),
  context: z
    .strictObject({
      ect: text(10).optional(),
      saveData: z.boolean().optional(),
      downlink: z.number().finite().min(0).max(10_000).optional(),
      screenW: z.number().int().min(0).max(100_000).optional(),
      screenH: z.number().int().min(0).max(100_000).optional(),
      dpr: z.number().finite().min(0).max(16).optional(),
      touch: z.boolean().optional(),
    })
    .optional(),
  /** Each event is validated on its own, so one bad event does not sink the batch. */
  events: z
    .array(z.unknown())
    .min(1, "a batch has at least one event")
    .max(MAX_BATCH, `a batch has at most ${MAX_BATCH} events`),
});
export type Envelope = z.infer<typeof Envelope>;
