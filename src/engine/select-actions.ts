/**
 * Decides, for one page view, which rules fire and which of their actions apply.
 * Pure: takes the compiled rules, the page, the visitor's facts and `now`;
 * returns the plan plus a trace of every rule's outcome. Resolves overlaps
 * deterministically: per written place (slot/selector+position, attribute,
 * class, header) the highest-priority rule wins unless a lower one stacks.
 * Refuses to let one faulty rule affect the others: its error is traced, not thrown.
 */
import { type Facts, firstFailure } from "./evaluate-condition";
import type {
  CompiledAction,
  CompiledRule,
  CompiledRuleSet,
  ContentPlan,
  MetaGate,
} from "./rule-set";
import type { VarSource } from "./schema/action";

export interface Page {
  path: string;
  type?: string;
  params: Readonly<Record<string, string>>;
}

export interface PlannedAction {
  ruleId: string;
  compiled: CompiledAction;
  /** Rendered fragment, for inject. */
  html?: string;
  /** Rendered fallback, for include. */
  fallbackHtml?: string;
  /** Page facts from <meta> that must hold before the action may apply. */
  gates: readonly MetaGate[];
}

export type RuleOutcome =
  | { ruleId: string; fired: true; shadowed: readonly string[] }
  | { ruleId: string; fired: false; reason: string };

export interface Decision {
  planned: PlannedAction[];
  /** Every rule's outcome when explaining; otherwise the rules that fired (or were shadowed or failed) only. */
  trace: RuleOutcome[];
}

export function resolvePage(set: CompiledRuleSet, path: string): Page {
  for (const [type, matchers] of set.pageTypes) {
    for (const matcher of matchers) {
      const params = matcher.match(path);
      if (params) return { path, type, params };
    }
  }
  return { path, params: {} };
}

export function sourceMismatch(rule: CompiledRule, page: Page): string | undefined {
  if (rule.pageTypes && !(page.type && rule.pageTypes.has(page.type))) {
    return `page type ${page.type ?? "(none)"} is not one of ${[...rule.pageTypes].join(", ")}`;
  }
  if (rule.paths && !rule.paths.some((m) => m.match(page.path))) {
    return `path ${page.path} matches none of ${rule.paths.map((m) => m.pattern).join(", ")}`;
  }
  const excluded = rule.excludePaths?.find((m) => m.match(page.path));
  if (excluded) return `path ${page.path} is excluded by ${excluded.pattern}`;
  return undefined;
}

export function renderVars(
  vars: Readonly<Record<string, VarSource>>,
  facts: Facts,
  now: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(vars)) {
    if (typeof source === "string") out[name] = source;
    else if ("fact" in source) {
      const value = facts.fact(source.fact);
      out[name] = (value === undefined || value === "" ? source.default : String(value)).slice(
        0,
        source.maxLength,
      );
    } else out[name] = String(now + source.offsetSeconds * 1000);
  }
  return out;
}

const render = (plan: ContentPlan | undefined, facts: Facts, now: number) =>
  plan?.template.render(renderVars(plan.vars, facts, now));

export interface SelectOptions {
  /**
   * Say why each rule did not fire (the first failing condition, the source
   * mismatch). Off on the page path, where only traces read it: building those
   * sentences is most of the cost of evaluating a rule that does not fire.
   */
  explain?: boolean;
}

/** The fast form of sourceMismatch: no sentences, no captured parameters. */
function sourceMatches(rule: CompiledRule, page: Page): boolean {
  if (rule.pageTypes && !(page.type && rule.pageTypes.has(page.type))) return false;
  if (rule.paths && !rule.paths.some((m) => m.test(page.path))) return false;
  return !rule.excludePaths?.some((m) => m.test(page.path));
}

const NOTHING_SHADOWED: readonly string[] = Object.freeze([]);

export function selectActions(
  set: CompiledRuleSet,
  page: Page,
  facts: Facts,
  now: number,
  options: SelectOptions = {},
): Decision {
  const explain = options.explain === true;
  const planned: PlannedAction[] = [];
  const trace: RuleOutcome[] = [];
  let writtenBy: Map<number, string> | undefined;
  for (const rule of set.rules) {
    if (!rule.enabled) {
      if (explain) trace.push({ ruleId: rule.id, fired: false, reason: "disabled" });
      continue;
    }
    const before = planned.length;
    try {
      if (!sourceMatches(rule, page)) {
        if (explain)
          trace.push({
            ruleId: rule.id,
            fired: false,
            reason: `source: ${sourceMismatch(rule, page)}`,
          });
        continue;
      }
      if (!rule.test(facts)) {
        if (explain)
          trace.push({
            ruleId: rule.id,
            fired: false,
            reason: `condition: ${firstFailure(rule.when!, facts)}`,
          });
        continue;
      }
      let shadowed: string[] | undefined;
      for (const compiled of rule.actions) {
        const owner = writtenBy?.get(compiled.place);
        if (owner !== undefined && owner !== rule.id && !rule.stack) {
          shadowed ??= [];
          shadowed.push(`${compiled.key} (taken by ${owner})`);
          continue;
        }
        const type = compiled.action.type;
        planned.push({
          ruleId: rule.id,
          compiled,
          html: type === "inject" ? render(compiled.content, facts, now) : undefined,
          fallbackHtml: type === "include" ? render(compiled.fallback, facts, now) : undefined,
          gates: rule.metaGates,
        });
      }
      if (planned.length === before) {
        trace.push({ ruleId: rule.id, fired: false, reason: `shadowed: ${shadowed!.join("; ")}` });
        continue;
      }
      writtenBy ??= new Map();
      for (let i = before; i < planned.length; i++) {
        const place = planned[i]!.compiled.place;
        if (!writtenBy.has(place)) writtenBy.set(place, rule.id);
      }
      trace.push({ ruleId: rule.id, fired: true, shadowed: shadowed ?? NOTHING_SHADOWED });
    } catch (e) {
      planned.length = before;
      trace.push({ ruleId: rule.id, fired: false, reason: `error: ${(e as Error).message}` });
    }
  }
  return { planned, trace };
}
