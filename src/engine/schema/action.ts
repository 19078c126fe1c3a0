/**
 * Rule actions: what a rule does to the page. A discriminated union on `type`.
 * Schema only: planning lives in select-actions.ts and applying in src/edge/rewriter.
 * Refuses targets that are neither a named slot nor a CSS selector.
 */
import { z } from "zod";

export const Target = z.union([
  z.strictObject({
    slot: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "slot names are lower-case words joined by '-'")
      .describe('A named slot: the element with data-ep-slot="<slot>" in the origin\'s HTML.'),
  }),
  z.strictObject({
    selector: z.string().min(1).describe("A CSS selector HTMLRewriter supports."),
  }),
]);
export type Target = z.infer<typeof Target>;

/** Where a fragment goes relative to the target element. `inner` replaces its children. */
export const Position = z.enum(["before", "after", "prepend", "append", "replace", "inner"]);
export type Position = z.infer<typeof Position>;

/** A fragment variable: a literal, a request fact, or a clock value. Always escaped on output. */
export const VarSource = z.union([
  z.string(),
  z.strictObject({
    fact: z.string().min(1),
    default: z.string().default(""),
    maxLength: z.number().int().positive().max(2000).default(200),
  }),
  z.strictObject({
    clock: z.literal("epoch_ms"),
    offsetSeconds: z.number().int().default(0),
  }),
]);
export type VarSource = z.infer<typeof VarSource>;

const Content = {
  fragment: z
    .string()
    .min(1)
    .optional()
    .describe("Name of a template in rules/fragments/ (no .html)."),
  html: z.string().optional().describe("Inline trusted HTML, for short snippets."),
  vars: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), VarSource).default({}),
};

const Inject = z.strictObject({
  type: z.literal("inject"),
  target: Target,
  position: Position,
  ...Content,
});

const Include = z.strictObject({
  type: z.literal("include"),
  target: Target,
  position: Position.default("inner"),
  src: z
    .string()
    .min(1)
    .describe("Fragment URL: a path on the origin, or an allowed absolute URL."),
  timeoutMs: z.number().int().min(1).max(5000).default(200),
  fallback: z
    .strictObject({ ...Content })
    .optional()
    .describe("Content used when the include fails or is too slow; nothing when absent."),
});

const Remove = z.strictObject({
  type: z.literal("remove"),
  target: Target,
  keepContent: z.boolean().default(false),
});

const AttributeName = z.string().regex(/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/, "not an attribute name");

const SetAttribute = z.strictObject({
  type: z.literal("set_attribute"),
  target: Target,
  name: AttributeName.refine((n) => !/^on/i.test(n), "event-handler attributes are refused"),
  value: z.string(),
});

const RemoveAttribute = z.strictObject({
  type: z.literal("remove_attribute"),
  target: Target,
  name: AttributeName,
});

const ClassName = z.string().regex(/^-?[_a-zA-Z][_a-zA-Z0-9-]*$/, "one CSS class name");

const AddClass = z.strictObject({ type: z.literal("add_class"), target: Target, class: ClassName });
const RemoveClass = z.strictObject({
  type: z.literal("remove_class"),
  target: Target,
  class: ClassName,
});

const LightenImages = z.strictObject({
  type: z.literal("lighten_images"),
  scope: z
    .string()
    .optional()
    .describe("Selector of the container whose images to lighten; the whole page when absent."),
  lazy: z.boolean().default(true),
  asyncDecoding: z.boolean().default(true),
  skipFirst: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe("Leave the first N images eager: they are likely the largest contentful paint."),
  maxSrcsetWidth: z.number().int().positive().optional(),
  videoToPoster: z.boolean().default(true),
});

const SetHeader = z.strictObject({
  type: z.literal("set_header"),
  name: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .refine(
      (n) =>
        !["set-cookie", "content-length", "content-encoding", "transfer-encoding"].includes(
          n.toLowerCase(),
        ),
      "this header is managed by the proxy and cannot be set by a rule",
    ),
  value: z.string().regex(/^[^\r\n]*$/, "header values are one line"),
});

export const Action = z.discriminatedUnion("type", [
  Inject,
  Include,
  Remove,
  SetAttribute,
  RemoveAttribute,
  AddClass,
  RemoveClass,
  LightenImages,
  SetHeader,
]);
export type Action = z.infer<typeof Action>;
