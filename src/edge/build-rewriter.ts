/**
 * Turns a Decision into an HTMLRewriter: one handler per planned action, on the
 * action's own selector only (never `*`), so elements no rule targets cost
 * nothing. Handlers are built here, before streaming, and do no I/O of their
 * own except awaiting includes that were already started.
 */
import type { PlannedAction } from "../engine/select-actions";
import {
  ClassHandler,
  RemoveAttributeHandler,
  RemoveHandler,
  SetAttributeHandler,
} from "./rewriter/element-edits";
import { EsiIncludeHandler, type IncludeFetcher, IncludeHandler } from "./rewriter/include";
import { InjectHandler } from "./rewriter/inject";
import { LightenImagesHandler } from "./rewriter/lighten-images";
import { MetaRecorder, PageFacts } from "./rewriter/page-facts";

export interface RewritePlan {
  rewriter: HTMLRewriter;
  headers: Array<[string, string]>;
  /** Whether the page's content can differ by visitor (then it must not be shared-cached). */
  personalized: boolean;
}

export const ESI_SELECTOR = "esi\\:include";
const ESI_TIMEOUT_MS = 300;

export function buildRewriter(
  planned: readonly PlannedAction[],
  includes: IncludeFetcher,
  handleEsi: boolean,
  headHtml?: string,
  trailerHtml?: string,
): RewritePlan {
  const rewriter = new HTMLRewriter();
  const facts = new PageFacts();
  const headers: Array<[string, string]> = [];
  const gateNames = new Set(planned.flatMap((p) => p.gates.map((g) => g.name)));
  for (const name of gateNames) rewriter.on(`meta[name="${name}"]`, new MetaRecorder(facts));

  for (const { ruleId, compiled, html, fallbackHtml, gates } of planned) {
    const { action, selector } = compiled;
    switch (action.type) {
      case "inject":
        rewriter.on(
          selector!,
          new InjectHandler(ruleId, action.position, html ?? "", gates, facts),
        );
        break;
      case "include": {
        const body = includes.start(action.src, action.timeoutMs);
        rewriter.on(
          selector!,
          new IncludeHandler(ruleId, action.position, body, fallbackHtml, gates, facts),
        );
        break;
      }
      case "remove":
        rewriter.on(selector!, new RemoveHandler(ruleId, gates, facts, action.keepContent));
        break;
      case "set_attribute":
        rewriter.on(
          selector!,
          new SetAttributeHandler(ruleId, gates, facts, action.name, action.value),
        );
        break;
      case "remove_attribute":
        rewriter.on(selector!, new RemoveAttributeHandler(ruleId, gates, facts, action.name));
        break;
      case "add_class":
      case "remove_class":
        rewriter.on(
          selector!,
          new ClassHandler(ruleId, gates, facts, action.class, action.type === "add_class"),
        );
        break;
      case "lighten_images": {
        const handler = new LightenImagesHandler(ruleId, action, gates, facts);
        const scope = selector ? `${selector} ` : "";
        rewriter.on(`${scope}img`, handler);
        if (action.maxSrcsetWidth) rewriter.on(`${scope}source[srcset]`, handler);
        if (action.videoToPoster) rewriter.on(`${scope}video`, handler);
        break;
      }
      case "set_header":
        headers.push([action.name, action.value]);
        break;
    }
  }
  if (handleEsi) rewriter.on(ESI_SELECTOR, new EsiIncludeHandler(includes, ESI_TIMEOUT_MS));
  if (headHtml) rewriter.on("head", new InjectHandler("client-tag", "append", headHtml, [], facts));
  if (trailerHtml)
    rewriter.onDocument({ end: (end) => void end.append(trailerHtml, { html: true }) });
  const personalized = planned.some((p) => p.compiled.action.type !== "set_header");
  return { rewriter, headers, personalized };
}
