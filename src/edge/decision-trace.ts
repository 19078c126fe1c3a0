/**
 * Renders a decision trace: every evaluated rule, whether it fired, and if not
 * the first failing condition (or the source mismatch, or what shadowed it).
 * As a compact response header and as an HTML comment at the end of the page.
 * Values in a trace come from the request, so the comment form is made inert.
 */
import type { Decision, Page } from "../engine/select-actions";
import type { VisitorState } from "./visitor-state";

const MAX_HEADER = 6000;

export interface TraceInput {
  decision: Decision;
  page: Page;
  state: VisitorState;
  unknownSegments: readonly string[];
}

export function traceLines({ decision, page, state, unknownSegments }: TraceInput): string[] {
  const lines = [
    `page ${page.path} type=${page.type ?? "(none)"}`,
    `state ${state.source}: segments=[${[...state.segments].sort().join(", ")}] signals=${JSON.stringify(state.signals)}`,
  ];
  if (unknownSegments.length > 0)
    lines.push(`preview ignored unknown segments: ${unknownSegments.join(", ")}`);
  for (const t of decision.trace) {
    if (t.fired) {
      const shadowed = t.shadowed.length > 0 ? ` (partly shadowed: ${t.shadowed.join("; ")})` : "";
      lines.push(`rule ${t.ruleId}: fired${shadowed}`);
    } else lines.push(`rule ${t.ruleId}: not fired — ${t.reason}`);
  }
  return lines;
}

/** One header line, ASCII-safe, bounded. */
export function traceHeader(lines: readonly string[]): string {
  const text = lines
    .join(" | ")
    .replace(/[—–]/g, "-")
    .replace(/[^\x20-\x7e]/g, "?");
  return text.length > MAX_HEADER ? `${text.slice(0, MAX_HEADER)} …(truncated)` : text;
}

/** An HTML comment that nothing in the trace can close early. */
export function traceComment(lines: readonly string[]): string {
  const body = lines.join("\n").replace(/--/g, "- -").replace(/>/g, "&gt;").replace(/</g, "&lt;");
  return `\n<!-- edge-personalizer decision trace\n${body}\n-->\n`;
}
