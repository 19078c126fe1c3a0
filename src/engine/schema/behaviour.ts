/**
 * Signals (rules/signals.json) and segments (rules/segments.json): how events
 * become numbers and numbers become live micro-segments. Schema only; the
 * arithmetic lives in src/engine/behaviour. Refuses signal kinds whose value
 * cannot be kept in O(1) state per visitor.
 */
import { z } from "zod";
import { Condition } from "./condition";
import { EVENT_TYPES } from "./event";

const SignalName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, "signal names are camelCase, like 'cartValue'");

export const PropTest = z.strictObject({
  prop: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  op: z.enum(["eq", "ne", "in", "gt", "gte", "lt", "lte"]),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
});
export type PropTest = z.infer<typeof PropTest>;

/** One way an event feeds a signal: which events, which of them, and how much each adds. */
export const Contribution = z.strictObject({
  event: z.union([z.enum(EVENT_TYPES), z.array(z.enum(EVENT_TYPES)).min(1)]),
  where: z.array(PropTest).default([]).describe("All must hold on the event's props."),
  pageTypes: z.array(z.string()).min(1).optional().describe("Only events on these page types."),
  prop: z.string().optional().describe("Numeric prop whose value is added (default 1 per event)."),
  times: z.string().optional().describe("Numeric prop to multiply by (e.g. quantity)."),
  weight: z.number().finite().default(1),
});
export type Contribution = z.infer<typeof Contribution>;

const common = { name: SignalName, description: z.string().optional() };
const fed = { ...common, from: z.array(Contribution).min(1) };
const resets = {
  resetOn: z
    .array(z.enum(EVENT_TYPES))
    .default([])
    .describe("Events that set the signal back to nothing."),
  perPage: z.boolean().default(false).describe("Start again on every page view."),
};

export const Signal = z.discriminatedUnion("kind", [
  z.strictObject({
    ...fed,
    kind: z.literal("score"),
    halfLifeSeconds: z.number().positive().describe("Weight halves every this many seconds."),
    cap: z.number().positive().optional(),
  }),
  z.strictObject({
    ...fed,
    ...resets,
    kind: z.literal("sum"),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.strictObject({ ...fed, ...resets, kind: z.literal("max") }),
  z.strictObject({ ...fed, ...resets, kind: z.literal("latest") }),
  z.strictObject({
    ...fed,
    ...resets,
    kind: z.literal("since"),
    description: z
      .string()
      .optional()
      .describe("Seconds since the last matching event; grows with time."),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("share"),
    of: z
      .tuple([SignalName, SignalName])
      .describe("[a, b]: the value is a / (a + b), from 0 to 1."),
  }),
]);
export type Signal = z.infer<typeof Signal>;

export const SignalsFile = z.strictObject({
  $schema: z.string().optional(),
  signals: z.array(Signal),
});

export const Segment = z.strictObject({
  name: z.string().min(1).max(80),
  description: z.string().optional(),
  parent: z
    .string()
    .optional()
    .describe("A sub-segment: only members of the parent can be members."),
  when: Condition,
  ttlSeconds: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Membership outlives its condition by this long (sticky segments)."),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentsFile = z.strictObject({
  $schema: z.string().optional(),
  segments: z.array(Segment),
});
