/**
 * Rule conditions: all / any / not over segment membership and fact comparisons.
 * Schema only: evaluation lives in evaluate-condition.ts. Refuses operators that
 * do not fit the value (a number operator with a string value, say).
 */
import { z } from "zod";

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const FactName = z
  .string()
  .regex(/^[a-z][a-zA-Z]*\.[A-Za-z0-9_:.-]+$/, "a fact name looks like 'device.type' or 'query.q'");

export const FactComparison = z.discriminatedUnion("op", [
  z.strictObject({ fact: FactName, op: z.enum(["eq", "ne"]), value: scalar }),
  z.strictObject({
    fact: FactName,
    op: z.enum(["in", "not_in"]),
    value: z.array(z.union([z.string(), z.number()])).min(1),
  }),
  z.strictObject({ fact: FactName, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.number() }),
  z.strictObject({
    fact: FactName,
    op: z.literal("between"),
    value: z.tuple([z.number(), z.number()]),
  }),
  z.strictObject({ fact: FactName, op: z.literal("exists"), value: z.boolean().default(true) }),
  z.strictObject({
    fact: FactName,
    op: z.enum(["contains", "starts_with", "ends_with"]),
    value: z.string().min(1),
  }),
]);
export type FactComparison = z.infer<typeof FactComparison>;

export const SegmentCondition = z.strictObject({
  segment: z.string().min(1).describe("Segment name; holds when the visitor is a member."),
});

export const Condition = z.union([
  z.strictObject({
    get all() {
      return z.array(Condition).min(1);
    },
  }),
  z.strictObject({
    get any() {
      return z.array(Condition).min(1);
    },
  }),
  z.strictObject({
    get not() {
      return Condition;
    },
  }),
  SegmentCondition,
  FactComparison,
]);
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | z.infer<typeof SegmentCondition>
  | FactComparison;
