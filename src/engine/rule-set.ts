/**
 * The compiled, ready-to-evaluate form of the rules: what compile-rules.ts
 * produces and select-actions.ts consumes. Types only.
 */
import type { BehaviourModel } from "./behaviour/model";
import type { Predicate } from "./evaluate-condition";
import type { PathMatcher } from "./path-pattern";
import type { Action, VarSource } from "./schema/action";
import type { Condition } from "./schema/condition";
import type { Site } from "./schema/rule";
import type { Template } from "./template";

export interface RuleError {
  /** File relative to the rules directory, e.g. "promotions.rules.json". */
  file: string;
  /** JSON path inside the file, e.g. "$.rules[2].actions[0].selector". */
  path: string;
  message: string;
}

export interface ContentPlan {
  template: Template;
  vars: Readonly<Record<string, VarSource>>;
}

export interface CompiledAction {
  action: Action;
  /** CSS selector the action applies to; undefined for response-level actions (headers). */
  selector?: string;
  /** Actions with the same key write the same place: priority decides between them. */
  key: string;
  /** The key as a small integer, unique per rule set (fast to compare on the page path). */
  place: number;
  content?: ContentPlan;
  fallback?: ContentPlan;
}

export interface MetaGate {
  name: string;
  accepts(value: string | null): boolean;
}

export interface CompiledRule {
  id: string;
  file: string;
  /** Position in its file's `rules` array, for `$.rules[i]` paths. */
  index: number;
  priority: number;
  stack: boolean;
  enabled: boolean;
  pageTypes?: ReadonlySet<string>;
  paths?: readonly PathMatcher[];
  excludePaths?: readonly PathMatcher[];
  metaGates: readonly MetaGate[];
  when?: Condition;
  /** `when`, compiled to a closure; always true when there is no condition. */
  test: Predicate;
  actions: readonly CompiledAction[];
}

export interface CompiledRuleSet {
  site: Site;
  pageTypes: ReadonlyArray<readonly [string, readonly PathMatcher[]]>;
  /** Highest priority first; ties broken by rule id so the order never depends on file order. */
  rules: readonly CompiledRule[];
  /** Facts any rule or fragment variable reads: the edge computes only these. */
  factsUsed: ReadonlySet<string>;
  /** Whether any rule reads segments or signals (if not, the state read is skipped). */
  readsVisitorState: boolean;
  /** Signals and segments from signals.json / segments.json. */
  behaviour: BehaviourModel;
  /** Names of the signals rule conditions read: snapshots carry their values. */
  signalsRead: readonly string[];
}
