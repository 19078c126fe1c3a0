/** Inserts a rendered fragment at a position relative to the target element. No I/O. */

import type { MetaGate } from "../../engine/rule-set";
import type { Position } from "../../engine/schema/action";
import { applySafely, type PageFacts } from "./page-facts";

export function insert(
  el: Element,
  position: Position,
  content: string | ReadableStream | Response,
): void {
  const html = { html: true };
  switch (position) {
    case "before":
      el.before(content, html);
      break;
    case "after":
      el.after(content, html);
      break;
    case "prepend":
      el.prepend(content, html);
      break;
    case "append":
      el.append(content, html);
      break;
    case "replace":
      el.replace(content, html);
      break;
    case "inner":
      el.setInnerContent(content, html);
      break;
  }
}

export class InjectHandler implements HTMLRewriterElementContentHandlers {
  constructor(
    private readonly ruleId: string,
    private readonly position: Position,
    private readonly html: string,
    private readonly gates: readonly MetaGate[],
    private readonly facts: PageFacts,
  ) {}
  element(el: Element): void {
    if (!this.facts.allow(this.gates)) return;
    applySafely(this.ruleId, () => insert(el, this.position, this.html));
  }
}
