/** Removes elements and edits attributes and classes. One small handler per action; no I/O. */
import type { MetaGate } from "../../engine/rule-set";
import { applySafely, type PageFacts } from "./page-facts";

abstract class GatedEdit implements HTMLRewriterElementContentHandlers {
  constructor(
    protected readonly ruleId: string,
    private readonly gates: readonly MetaGate[],
    private readonly facts: PageFacts,
  ) {}
  element(el: Element): void {
    if (!this.facts.allow(this.gates)) return;
    applySafely(this.ruleId, () => this.edit(el));
  }
  protected abstract edit(el: Element): void;
}

export class RemoveHandler extends GatedEdit {
  constructor(
    ruleId: string,
    gates: readonly MetaGate[],
    facts: PageFacts,
    private readonly keepContent: boolean,
  ) {
    super(ruleId, gates, facts);
  }
  protected edit(el: Element): void {
    if (this.keepContent) el.removeAndKeepContent();
    else el.remove();
  }
}

export class SetAttributeHandler extends GatedEdit {
  constructor(
    ruleId: string,
    gates: readonly MetaGate[],
    facts: PageFacts,
    private readonly name: string,
    private readonly value: string,
  ) {
    super(ruleId, gates, facts);
  }
  protected edit(el: Element): void {
    el.setAttribute(this.name, this.value);
  }
}

export class RemoveAttributeHandler extends GatedEdit {
  constructor(
    ruleId: string,
    gates: readonly MetaGate[],
    facts: PageFacts,
    private readonly name: string,
  ) {
    super(ruleId, gates, facts);
  }
  protected edit(el: Element): void {
    el.removeAttribute(this.name);
  }
}

export class ClassHandler extends GatedEdit {
  constructor(
    ruleId: string,
    gates: readonly MetaGate[],
    facts: PageFacts,
    private readonly className: string,
    private readonly add: boolean,
  ) {
    super(ruleId, gates, facts);
  }
  protected edit(el: Element): void {
    const classes = (el.getAttribute("class") ?? "").split(/\s+/).filter(Boolean);
    const has = classes.includes(this.className);
    if (this.add && !has) el.setAttribute("class", [...classes, this.className].join(" "));
    if (!this.add && has)
      el.setAttribute("class", classes.filter((c) => c !== this.className).join(" "));
  }
}
