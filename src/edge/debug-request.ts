/**
 * Reads what a request asks of the debugging tools — a decision trace
 * (`x-ep-trace: 1` or `?__ep_trace=1`) and a preview with forced segments and
 * signals (`x-ep-preview` / `?__ep_preview=A,B`, `?__ep_signals=intent:80`) —
 * and whether it may have them: always in development, in production only with
 * a valid preview token (`x-ep-preview-token` or `?__ep_token=`). A shopper can
 * never use this to grant themselves a segment.
 */
import type { CompiledRuleSet } from "../engine/rule-set";
import { previewTokenValid } from "./preview-token";
import type { VisitorState } from "./visitor-state";

export interface DebugRequest {
  trace: boolean;
  /** Forced state for the page; undefined when not previewing. */
  preview?: VisitorState;
  /** Set when something was asked for but refused. */
  refused?: string;
  /** Preview segment names that no segments.json defines. */
  unknownSegments: string[];
}

const NOTHING: DebugRequest = { trace: false, unknownSegments: [] };

function param(request: Request, url: URL, header: string, query: string): string | null {
  return request.headers.get(header) ?? url.searchParams.get(query);
}

export async function readDebugRequest(
  request: Request,
  rules: CompiledRuleSet,
  environment: string | undefined,
  secret: string | undefined,
  now: number,
): Promise<DebugRequest> {
  const url = new URL(request.url);
  const traceAsked = param(request, url, "x-ep-trace", "__ep_trace");
  const previewAsked = param(request, url, "x-ep-preview", "__ep_preview");
  if (traceAsked === null && previewAsked === null) return NOTHING;
  const token = param(request, url, "x-ep-preview-token", "__ep_token");
  const allowed =
    environment === "development" ||
    (!!token && !!secret && (await previewTokenValid(token, secret, now)));
  if (!allowed)
    return { ...NOTHING, refused: "debugging needs development mode or a valid preview token" };

  let preview: VisitorState | undefined;
  const unknownSegments: string[] = [];
  if (previewAsked !== null) {
    const known = new Set(rules.behaviour.segments.map((s) => s.name));
    const names = previewAsked
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s && s !== "none");
    for (const name of names) if (!known.has(name)) unknownSegments.push(name);
    const signals: Record<string, number> = {};
    for (const pair of (
      url.searchParams.get("__ep_signals") ??
      request.headers.get("x-ep-signals") ??
      ""
    ).split(",")) {
      const [name, value] = pair.split(":").map((s) => s.trim());
      if (name && value !== undefined && Number.isFinite(Number(value)))
        signals[name] = Number(value);
    }
    preview = { segments: new Set(names.filter((n) => known.has(n))), signals, source: "preview" };
  }
  return { trace: traceAsked !== null && traceAsked !== "0", preview, unknownSegments };
}
