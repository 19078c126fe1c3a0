/**
 * Parses and checks the JSON rule sources and compiles them into a CompiledRuleSet.
 * Runs once: at build time (bundle-rules), at Worker module scope, and in tests.
 * Every problem is reported with file, JSON path and reason; nothing is thrown
 * for bad input and nothing invalid is half-compiled.
 */
import { type BehaviourSources, compileBehaviour } from "./behaviour/compile-behaviour";
import type { BehaviourModel } from "./behaviour/model";
import { compileCondition, factsRead } from "./evaluate-condition";
import { jsonPath, zodErrors } from "./json-path";
import { compilePathPattern, type PathMatcher } from "./path-pattern";
import { err, ok, type Result } from "./result";
import type {
  CompiledAction,
  CompiledRule,
  CompiledRuleSet,
  ContentPlan,
  MetaGate,
  RuleError,
} from "./rule-set";
import type { Action, Target, VarSource } from "./schema/action";
import type { Condition } from "./schema/condition";
import { factKind } from "./schema/facts";
import { type Rule, RulesFile, Site } from "./schema/rule";
import { selectorProblem, slotSelector } from "./selector";
import { compileTemplate, type Template } from "./template";

export interface RuleSources extends BehaviourSources {
  site?: { file: string; data: unknown };
  ruleFiles: ReadonlyArray<{ file: string; data: unknown }>;
  /** Fragment templates by name (file name without .html). */
  fragments: Readonly<Record<string, string>>;
}

export function compileRules(sources: RuleSources): Result<CompiledRuleSet, RuleError[]> {
  const errors: RuleError[] = [];
  const siteFile = sources.site?.file ?? "site.json";
  const siteParsed = Site.safeParse(sources.site?.data ?? {});
  if (!siteParsed.success) return err(zodErrors(siteFile, siteParsed.error));
  const site = siteParsed.data;

  const pageTypes: Array<readonly [string, PathMatcher[]]> = [];
  for (const [name, patterns] of Object.entries(site.pageTypes)) {
    const matchers = compilePatterns(patterns, siteFile, ["pageTypes", name], errors);
    pageTypes.push([name, matchers] as const);
  }
  if (!isTimeZone(site.timeZone)) {
    errors.push({
      file: siteFile,
      path: "$.timeZone",
      message: `unknown time zone '${site.timeZone}'`,
    });
  }

  const behaviour = compileBehaviour(sources, Object.keys(site.pageTypes), errors);

  const templates = new Map<string, Template>();
  for (const [name, html] of Object.entries(sources.fragments)) {
    const compiled = compileTemplate(html);
    if (compiled.ok) templates.set(name, compiled.value);
    else errors.push({ file: `fragments/${name}.html`, path: "$", message: compiled.error });
  }

  const ctx: CheckContext = {
    site,
    templates,
    errors,
    file: "",
    factsUsed: new Set(),
    behaviour,
    watched: [],
    places: new Map(),
  };
  const rules: CompiledRule[] = [];
  const seenIds = new Map<string, string>();
  let readsVisitorState = false;
  for (const { file, data } of sources.ruleFiles) {
    const parsed = RulesFile.safeParse(data);
    if (!parsed.success) {
      errors.push(...zodErrors(file, parsed.error));
      continue;
    }
    ctx.file = file;
    parsed.data.rules.forEach((rule, index) => {
      const at = ["rules", index] as const;
      const earlier = seenIds.get(rule.id);
      if (earlier) {
        errors.push({
          file,
          path: jsonPath([...at, "id"]),
          message: `rule id '${rule.id}' is also used in ${earlier}`,
        });
      }
      seenIds.set(rule.id, file);
      const compiled = compileRule(rule, at, ctx);
      if (compiled) {
        rules.push(compiled);
        if (rule.when && readsState(rule.when)) readsVisitorState = true;
      }
    });
  }
  if (errors.length > 0) return err(errors);

  rules.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const model: BehaviourModel = { ...behaviour!, watched: ctx.watched };
  const signalsRead = [...ctx.factsUsed]
    .filter((f) => f.startsWith("signal."))
    .map((f) => f.slice("signal.".length));
  return ok({
    site,
    pageTypes,
    rules,
    factsUsed: ctx.factsUsed,
    readsVisitorState,
    behaviour: model,
    signalsRead,
  });
}

interface CheckContext {
  site: Site;
  templates: Map<string, Template>;
  errors: RuleError[];
  file: string;
  factsUsed: Set<string>;
  /** Undefined when signals.json/segments.json are invalid (their errors are reported already). */
  behaviour: BehaviourModel | undefined;
  /** Signal comparisons in rule conditions: their crossings bound how long a snapshot is valid. */
  watched: Condition[];
  /** Each distinct place actions write, numbered. */
  places: Map<string, number>;
}

function compileRule(
  rule: Rule,
  at: readonly PropertyKey[],
  ctx: CheckContext,
): CompiledRule | undefined {
  const before = ctx.errors.length;
  const { source } = rule;
  for (const [i, type] of (source.pageTypes ?? []).entries()) {
    if (!(type in ctx.site.pageTypes)) {
      fail(
        ctx,
        [...at, "source", "pageTypes", i],
        `unknown page type '${type}' (site.json defines: ${Object.keys(ctx.site.pageTypes).join(", ") || "none"})`,
      );
    }
  }
  const paths =
    source.paths && compilePatterns(source.paths, ctx.file, [...at, "source", "paths"], ctx.errors);
  const excludePaths =
    source.excludePaths &&
    compilePatterns(source.excludePaths, ctx.file, [...at, "source", "excludePaths"], ctx.errors);
  if (rule.when) checkCondition(rule.when, [...at, "when"], ctx);
  const actions = rule.actions.map((action, i) =>
    compileAction(action, [...at, "actions", i], ctx),
  );
  if (ctx.errors.length > before) return undefined;

  const metaGates: MetaGate[] = (source.meta ?? []).map((m) => ({
    name: m.name,
    accepts: (value) =>
      value !== null &&
      (m.equals === undefined || value === m.equals) &&
      (m.in === undefined || m.in.includes(value)),
  }));
  return {
    id: rule.id,
    file: ctx.file,
    index: Number(at[1]),
    priority: rule.priority,
    stack: rule.stack,
    enabled: rule.enabled,
    pageTypes: source.pageTypes ? new Set(source.pageTypes) : undefined,
    paths,
    excludePaths,
    metaGates,
    when: rule.when,
    test: rule.when ? compileCondition(rule.when) : () => true,
    actions: actions
      .filter((a) => a !== undefined)
      .map((a) => {
        if (!ctx.places.has(a.key)) ctx.places.set(a.key, ctx.places.size);
        return { ...a, place: ctx.places.get(a.key)! };
      }),
  };
}

function checkCondition(condition: Condition, at: readonly PropertyKey[], ctx: CheckContext): void {
  if ("all" in condition) {
    for (const [i, c] of condition.all.entries()) checkCondition(c, [...at, "all", i], ctx);
  } else if ("any" in condition) {
    for (const [i, c] of condition.any.entries()) checkCondition(c, [...at, "any", i], ctx);
  } else if ("not" in condition) checkCondition(condition.not, [...at, "not"], ctx);
  else if ("segment" in condition) {
    const known = ctx.behaviour?.segments.some((s) => s.name === condition.segment);
    if (ctx.behaviour && !known) {
      fail(
        ctx,
        [...at, "segment"],
        `unknown segment '${condition.segment}' (define it in segments.json)`,
      );
    }
  } else if ("fact" in condition) {
    if (condition.fact.startsWith("signal.")) {
      const name = condition.fact.slice("signal.".length);
      if (ctx.behaviour && !ctx.behaviour.signals.has(name)) {
        fail(ctx, [...at, "fact"], `unknown signal '${name}' (define it in signals.json)`);
        return;
      }
      ctx.watched.push(condition);
    }
    const kind = factKind(condition.fact);
    if (!kind) {
      fail(ctx, [...at, "fact"], `unknown fact '${condition.fact}'`);
      return;
    }
    ctx.factsUsed.add(condition.fact);
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    const numeric = ["gt", "gte", "lt", "lte", "between"].includes(condition.op);
    const textual = ["contains", "starts_with", "ends_with"].includes(condition.op);
    if (numeric && kind.kind !== "number") {
      fail(
        ctx,
        [...at, "op"],
        `'${condition.op}' compares numbers but '${condition.fact}' is a ${kind.kind}`,
      );
      return;
    }
    if (textual && kind.kind !== "string") {
      fail(
        ctx,
        [...at, "op"],
        `'${condition.op}' compares text but '${condition.fact}' is a ${kind.kind}`,
      );
      return;
    }
    if (condition.op === "exists") return;
    const allowed =
      condition.fact === "page.type"
        ? Object.keys(ctx.site.pageTypes)
        : kind.kind === "enum"
          ? kind.values
          : undefined;
    for (const v of values) {
      if (allowed && !allowed.includes(String(v))) {
        fail(
          ctx,
          [...at, "value"],
          `${JSON.stringify(v)} is not a value of '${condition.fact}' (one of: ${allowed.join(", ")})`,
        );
        return;
      }
      if (kind.kind === "number" && typeof v !== "number") {
        fail(ctx, [...at, "value"], `'${condition.fact}' is a number; ${JSON.stringify(v)} is not`);
        return;
      }
      if (kind.kind === "boolean" && typeof v !== "boolean") {
        fail(
          ctx,
          [...at, "value"],
          `'${condition.fact}' is true or false; ${JSON.stringify(v)} is not`,
        );
        return;
      }
    }
  }
}

function compileAction(
  action: Action,
  at: readonly PropertyKey[],
  ctx: CheckContext,
): Omit<CompiledAction, "place"> | undefined {
  let selector: string | undefined;
  if ("target" in action) selector = targetSelector(action.target, [...at, "target"], ctx);
  if (action.type === "lighten_images" && action.scope) {
    const problem = selectorProblem(action.scope);
    if (problem) fail(ctx, [...at, "scope"], problem);
    selector = action.scope;
  }
  const base = { action, selector };
  switch (action.type) {
    case "inject": {
      const content = contentPlan(action, at, ctx);
      return content && { ...base, key: `${selector}|${action.position}`, content };
    }
    case "include": {
      checkIncludeSrc(action.src, [...at, "src"], ctx);
      const fallback =
        action.fallback && contentPlan(action.fallback, [...at, "fallback"], ctx, true);
      return { ...base, key: `${selector}|${action.position}`, fallback };
    }
    case "remove":
      return { ...base, key: `${selector}|replace` };
    case "set_attribute":
    case "remove_attribute":
      return { ...base, key: `${selector}|@${action.name.toLowerCase()}` };
    case "add_class":
    case "remove_class":
      return { ...base, key: `${selector}|.${action.class}` };
    case "lighten_images":
      return { ...base, key: `lighten|${selector ?? "page"}` };
    case "set_header":
      return { action, key: `header|${action.name.toLowerCase()}` };
  }
}

function targetSelector(
  target: Target,
  at: readonly PropertyKey[],
  ctx: CheckContext,
): string | undefined {
  if ("slot" in target) return `${ctx.site.slots[target.slot] ?? ""}${slotSelector(target.slot)}`;
  const problem = selectorProblem(target.selector);
  if (problem) {
    fail(ctx, [...at, "selector"], problem);
    return undefined;
  }
  return target.selector.trim();
}

function contentPlan(
  content: { fragment?: string; html?: string; vars: Record<string, VarSource> },
  at: readonly PropertyKey[],
  ctx: CheckContext,
  optional = false,
): ContentPlan | undefined {
  if ((content.fragment === undefined) === (content.html === undefined)) {
    if (optional && content.fragment === undefined && content.html === undefined) return undefined;
    fail(ctx, at, "give exactly one of 'fragment' (a file in rules/fragments/) or 'html'");
    return undefined;
  }
  let template: Template | undefined;
  if (content.fragment !== undefined) {
    template = ctx.templates.get(content.fragment);
    if (!template) {
      fail(
        ctx,
        [...at, "fragment"],
        `no fragment '${content.fragment}' (expected rules/fragments/${content.fragment}.html)`,
      );
      return undefined;
    }
  } else {
    const compiled = compileTemplate(content.html!);
    if (!compiled.ok) {
      fail(ctx, [...at, "html"], compiled.error);
      return undefined;
    }
    template = compiled.value;
  }
  for (const name of template.variables) {
    if (!(name in content.vars))
      fail(ctx, [...at, "vars"], `the fragment uses {{${name}}} but 'vars' does not provide it`);
  }
  for (const [name, source] of Object.entries(content.vars)) {
    if (typeof source === "object" && "fact" in source) {
      if (!factKind(source.fact))
        fail(ctx, [...at, "vars", name, "fact"], `unknown fact '${source.fact}'`);
      else ctx.factsUsed.add(source.fact);
    }
  }
  return { template, vars: content.vars };
}

function checkIncludeSrc(src: string, at: readonly PropertyKey[], ctx: CheckContext): void {
  if (src.startsWith("/") && !src.startsWith("//")) return;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    fail(ctx, at, `'${src}' is neither a path ('/…') nor an absolute URL`);
    return;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    fail(ctx, at, "include URLs are http(s)");
    return;
  }
  if (!ctx.site.includeHosts.includes(url.host)) {
    fail(ctx, at, `host '${url.host}' is not in site.json includeHosts`);
  }
}

function compilePatterns(
  patterns: readonly string[],
  file: string,
  at: readonly PropertyKey[],
  errors: RuleError[],
): PathMatcher[] {
  const out: PathMatcher[] = [];
  patterns.forEach((pattern, i) => {
    try {
      out.push(compilePathPattern(pattern));
    } catch (e) {
      errors.push({ file, path: jsonPath([...at, i]), message: (e as Error).message });
    }
  });
  return out;
}

function readsState(condition: Condition): boolean {
  if ("all" in condition) return condition.all.some(readsState);
  if ("any" in condition) return condition.any.some(readsState);
  if ("not" in condition) return readsState(condition.not);
  if ("segment" in condition) return true;
  return [...factsRead(condition, new Set())].some((f) => f.startsWith("signal."));
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function fail(ctx: CheckContext, at: readonly PropertyKey[], message: string): void {
  ctx.errors.push({ file: ctx.file, path: jsonPath(at), message });
}
