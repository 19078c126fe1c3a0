/**
 * A rule: source (which pages) → condition (when) → actions (what), with a priority.
 * Also the shape of a rules file and of rules/site.json. Schema only.
 */
import { z } from "zod";
import { Action } from "./action";
import { Condition } from "./condition";

const PathPattern = z
  .string()
  .regex(/^\//, "path patterns start with '/'")
  .describe(
    "'/cart', '/products/:slug' (named segment), '/category/*' (one segment), '/docs/**' (any depth).",
  );

export const MetaFact = z.strictObject({
  name: z.string().min(1).describe("The <meta name> to read from the origin's <head>."),
  equals: z.string().optional(),
  in: z.array(z.string()).min(1).optional(),
});

export const Source = z.strictObject({
  pageTypes: z.array(z.string().min(1)).min(1).optional(),
  paths: z.array(PathPattern).min(1).optional(),
  excludePaths: z.array(PathPattern).optional(),
  meta: z
    .array(MetaFact)
    .min(1)
    .optional()
    .describe(
      "Page facts read from the document itself; actions apply only to elements after the meta tag.",
    ),
});
export type Source = z.infer<typeof Source>;

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "rule ids are lower-case words joined by '-'"),
  description: z.string().optional(),
  enabled: z.boolean().default(true),
  priority: z.number().int().default(0).describe("Higher wins a slot; ties are conflicts."),
  stack: z
    .boolean()
    .default(false)
    .describe("Apply even when a higher-priority rule already wrote the same slot."),
  source: Source.default({}),
  when: Condition.optional().describe("Omitted: the rule holds for every visitor."),
  actions: z.array(Action).min(1),
});
export type Rule = z.infer<typeof Rule>;

export const RulesFile = z.strictObject({
  $schema: z.string().optional(),
  rules: z.array(Rule),
});
export type RulesFile = z.infer<typeof RulesFile>;

export const Site = z.strictObject({
  $schema: z.string().optional(),
  timeZone: z
    .string()
    .default("UTC")
    .describe("IANA time zone for time.hour and time.weekday facts."),
  pageTypes: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.array(PathPattern).min(1))
    .default({}),
  slots: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
      z.string().regex(/^[a-z][a-z0-9-]*$/, "an element name like 'div'"),
    )
    .default({})
    .describe(
      "The element each named slot is on ('promo-banner': 'div'). Declared slots are matched by element and attribute, which spares HTMLRewriter from reading every element's attributes.",
    ),
  includeHosts: z
    .array(z.string())
    .default([])
    .describe("Hosts besides the origin that include actions and <esi:include> may fetch from."),
  esi: z
    .boolean()
    .default(true)
    .describe("Replace <esi:include src> tags the origin emits with the fragment they name."),
  tag: z
    .strictObject({
      heartbeatSeconds: z
        .number()
        .min(1)
        .max(300)
        .default(15)
        .describe("How often the client tag reports engaged (visible) time."),
    })
    .default({ heartbeatSeconds: 15 }),
  segmentBudgetMs: z.number().int().min(1).max(1000).default(50),
});
export type Site = z.infer<typeof Site>;
