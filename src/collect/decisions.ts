/**
 * Decisions for a page outside the page path: live decisions in the collect
 * response (what the tag can apply to the page the shopper is reading), the
 * personalize API and rules:simulate. Uses the same engine selection as the page path, with the
 * page's URL and the caller's request headers as the request context.
 */

import { requestFacts } from "../edge/request-facts";
import type { VisitorState } from "../edge/visitor-state";
import type { CompiledRuleSet } from "../engine/rule-set";
import { type Decision, resolvePage, selectActions } from "../engine/select-actions";

export interface LiveDecision {
  rule: string;
  selector: string;
  position: string;
  /** The same position in insertAdjacentHTML's words, so the tag needs no table of its own. */
  adjacent?: "beforebegin" | "afterbegin" | "beforeend" | "afterend";
  html: string;
}

const ADJACENT: Record<string, LiveDecision["adjacent"]> = {
  before: "beforebegin",
  prepend: "afterbegin",
  append: "beforeend",
  after: "afterend",
};

export interface PageDecisionInput {
  rules: CompiledRuleSet;
  request: Request;
  /** Path (and query) of the page the decision is for. */
  pagePath: string;
  returning: boolean;
  state: VisitorState;
  now: number;
  /** Say why each rule did not fire (see SelectOptions.explain). */
  explain?: boolean;
}

export function decideForPage(input: PageDecisionInput): Decision {
  const origin = new URL(input.request.url).origin;
  const pageUrl = new URL(input.pagePath, origin);
  const page = resolvePage(input.rules, pageUrl.pathname);
  const pageRequest = new Request(pageUrl, { headers: input.request.headers });
  const facts = requestFacts({
    request: pageRequest,
    page,
    returning: input.returning,
    state: input.state,
    timeZone: input.rules.site.timeZone,
    now: input.now,
  });
  return selectActions(input.rules, page, facts, input.now, { explain: input.explain });
}

/** The injections a browser can apply by itself (no page facts from <meta> needed). */
export function liveDecisions(decision: Decision): LiveDecision[] {
  return decision.planned.flatMap((p) =>
    p.compiled.action.type === "inject" &&
    p.gates.length === 0 &&
    p.compiled.selector &&
    p.html !== undefined
      ? [
          {
            rule: p.ruleId,
            selector: p.compiled.selector,
            position: p.compiled.action.position,
            adjacent: ADJACENT[p.compiled.action.position],
            html: p.html,
          },
        ]
      : [],
  );
}
