/** Overlapping rules resolve deterministically: priority per slot, explicit stacking. */
import { describe, expect, it } from "vitest";
import { get, ruleSet, through } from "./helpers";

const inject = (slot: string, html: string, position = "inner") => ({
  type: "inject",
  target: { slot },
  position,
  html,
});

describe("slot resolution", () => {
  it("gives a slot to the highest-priority rule, whatever the file order", async () => {
    const a = { id: "low", priority: 1, actions: [inject("offer", "<i>low</i>")] };
    const b = { id: "high", priority: 9, actions: [inject("offer", "<i>high</i>")] };
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const html = await (await through(ruleSet(order), get("/page"))).text();
      expect(html).toContain('<div data-ep-slot="offer"><i>high</i></div>');
      expect(html).not.toContain("<i>low</i>");
    }
  });

  it("breaks equal priorities by rule id", async () => {
    const rules = ruleSet([
      { id: "b-rule", actions: [inject("offer", "<i>b</i>")] },
      { id: "a-rule", actions: [inject("offer", "<i>a</i>")] },
    ]);
    expect(await (await through(rules, get("/page"))).text()).toContain("<i>a</i></div>");
  });

  it("lets a lower rule that stacks add to a taken slot, in priority order", async () => {
    const rules = ruleSet([
      { id: "top", priority: 5, actions: [inject("offer", "<i>top</i>", "append")] },
      {
        id: "extra",
        priority: 1,
        stack: true,
        actions: [inject("offer", "<i>extra</i>", "append")],
      },
      { id: "dropped", priority: 0, actions: [inject("offer", "<i>dropped</i>", "append")] },
    ]);
    const html = await (await through(rules, get("/page"))).text();
    expect(html).toContain("<p>origin offer</p><i>top</i><i>extra</i></div>");
    expect(html).not.toContain("dropped");
  });

  it("treats different positions and different slots as different places", async () => {
    const rules = ruleSet([
      { id: "one", priority: 5, actions: [inject("offer", "<i>1</i>", "before")] },
      {
        id: "two",
        priority: 1,
        actions: [inject("offer", "<i>2</i>", "after"), inject("promo-banner", "<i>3</i>")],
      },
    ]);
    const html = await (await through(rules, get("/page"))).text();
    expect(html).toContain('<i>1</i><div data-ep-slot="offer">');
    expect(html).toContain("</div><i>2</i>");
    expect(html).toContain('<div data-ep-slot="promo-banner"><i>3</i></div>');
  });

  it("applies only rules whose source and condition hold, with segments from the state layer", async () => {
    const rules = ruleSet([
      {
        id: "seg",
        priority: 9,
        when: { segment: "Cart Abandoner (High Intent)" },
        actions: [inject("offer", "<i>seg</i>")],
      },
      {
        id: "other-page",
        priority: 8,
        source: { paths: ["/cart"] },
        actions: [inject("offer", "<i>cart</i>")],
      },
      { id: "fallback", actions: [inject("offer", "<i>fallback</i>")] },
    ]);
    expect(await (await through(rules, get("/page"))).text()).toContain("<i>fallback</i>");
  });
});
