/**
 * Page facts read from the document as it streams (<meta name content>), and the
 * guard every action handler runs through: check the rule's meta gates, then
 * apply, and never let an exception escape into the stream (that would break
 * the page mid-way); a failing action leaves its element as the origin sent it.
 */
import type { MetaGate } from "../../engine/rule-set";

export class PageFacts {
  readonly meta = new Map<string, string>();
  allow(gates: readonly MetaGate[]): boolean {
    return gates.every((g) => g.accepts(this.meta.get(g.name) ?? null));
  }
}

export class MetaRecorder implements HTMLRewriterElementContentHandlers {
  constructor(private readonly facts: PageFacts) {}
  element(el: Element): void {
    const name = el.getAttribute("name");
    const content = el.getAttribute("content");
    if (name && content !== null && !this.facts.meta.has(name)) this.facts.meta.set(name, content);
  }
}

export function applySafely(ruleId: string, apply: () => void): void {
  try {
    apply();
  } catch (e) {
    console.warn(
      `edge-personalizer: action of rule '${ruleId}' failed and was skipped: ${(e as Error).message}`,
    );
  }
}
