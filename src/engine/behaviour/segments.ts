/**
 * Segment membership: evaluated parents-first after every batch and at every
 * alarm. A sub-segment needs its parent; a sticky segment (ttl) stays until its
 * ttl has passed since its condition last held. Pure; `now` is an argument.
 */
import { type Facts, firstFailure } from "../evaluate-condition";
import type { BehaviourModel, VisitorModelState } from "./model";
import { readSignal } from "./signals";

export function modelFacts(model: BehaviourModel, state: VisitorModelState, now: number): Facts {
  return {
    fact(name) {
      if (name === "visitor.pageType") return state.page?.type;
      if (name.startsWith("signal."))
        return readSignal(model, state, name.slice("signal.".length), now);
      return undefined;
    },
    inSegment: (name) => name in state.segments,
  };
}

export interface MembershipChange {
  entered: string[];
  left: string[];
}

/** Re-evaluates every segment at `now`, updating `state.segments` in place. */
export function evaluateSegments(
  model: BehaviourModel,
  state: VisitorModelState,
  now: number,
): MembershipChange {
  const facts = modelFacts(model, state, now);
  const change: MembershipChange = { entered: [], left: [] };
  for (const segment of model.segments) {
    const member = state.segments[segment.name];
    const parentOk = segment.parent === undefined || segment.parent in state.segments;
    const holds = parentOk && firstFailure(segment.when, facts) === undefined;
    if (holds) {
      if (member) member.lastHeld = now;
      else {
        state.segments[segment.name] = { since: now, lastHeld: now };
        change.entered.push(segment.name);
      }
    } else if (member) {
      const sticky =
        parentOk && segment.ttlMs !== undefined && now < member.lastHeld + segment.ttlMs;
      if (!sticky) {
        delete state.segments[segment.name];
        change.left.push(segment.name);
      }
    }
  }
  return change;
}
