/**
 * Edge-side includes: fragment URLs fetched with a time budget and streamed into
 * the page in place, for rule `include` actions (prefetched as soon as the
 * decision is made, in parallel with the origin) and for <esi:include src> tags
 * the origin already emits. A failed, slow or non-2xx include yields the
 * fallback (or nothing); a body that stalls or errors mid-way is cut short, never
 * allowed to error the page stream. Refuses hosts other than the origin and
 * site.json includeHosts.
 */
import type { MetaGate } from "../../engine/rule-set";
import type { Position } from "../../engine/schema/action";
import { withDeadline } from "../deadline";
import type { Origin } from "../origin";
import { cacheableSeconds, cachedFragment, storeFragment } from "./fragment-cache";
import { insert } from "./inject";
import { applySafely, type PageFacts } from "./page-facts";

/** A fragment: streamed from its response, or a cached copy. */
export type FragmentBody = ReadableStream<Uint8Array> | string;

export interface IncludeFetcher {
  /** Starts fetching now (or answers from the fragment cache); undefined on failure or timeout. */
  start(src: string, timeoutMs: number): Promise<FragmentBody | undefined>;
}

/** How long an include body may keep the page waiting, at most, after its headers. */
const BODY_BUDGET_FACTOR = 5;
const MIN_BODY_BUDGET_MS = 1000;

export function includeFetcher(
  origin: Origin,
  publicRequest: Request,
  allowedHosts: readonly string[],
): IncludeFetcher {
  const publicUrl = new URL(publicRequest.url);
  return {
    async start(src, timeoutMs) {
      let url: URL;
      try {
        url = new URL(src, origin.base);
      } catch {
        return undefined;
      }
      const sameOrigin = url.host === origin.base.host || url.host === publicUrl.host;
      if (!sameOrigin && !allowedHosts.includes(url.host)) return undefined;
      if (url.host === publicUrl.host) url = new URL(url.pathname + url.search, origin.base);
      const cached = cachedFragment(url.href, Date.now());
      if (cached !== undefined) return cached;
      const controller = new AbortController();
      try {
        const headers = new Headers({ accept: "text/html" });
        const cookie = publicRequest.headers.get("cookie");
        if (cookie && sameOrigin) headers.set("cookie", cookie);
        const request = new Request(url, { headers, signal: controller.signal });
        const response = await withDeadline(
          sameOrigin ? origin.fetch(request) : fetch(request),
          timeoutMs,
          () => {
            controller.abort();
            return undefined;
          },
        );
        if (!response) return undefined;
        if (!response.ok || !response.body) {
          await response.body?.cancel();
          return undefined;
        }
        const seconds = cacheableSeconds(response);
        const length = Number(response.headers.get("content-length") ?? Number.NaN);
        if (seconds > 0 && !(length > 64 * 1024)) {
          const html = await response.text();
          storeFragment(url.href, html, seconds, Date.now());
          return html;
        }
        return cutShortOnFailure(
          response.body,
          Math.max(MIN_BODY_BUDGET_MS, timeoutMs * BODY_BUDGET_FACTOR),
        );
      } catch {
        return undefined;
      }
    },
  };
}

/** Passes chunks through; on error or when the budget runs out, ends the stream cleanly. */
function cutShortOnFailure(
  body: ReadableStream<Uint8Array>,
  budgetMs: number,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const deadline = Date.now() + budgetMs;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await withDeadline(
          reader.read(),
          deadline - Date.now(),
          () => "expired" as const,
        );
        if (next === "expired" || next.done) {
          if (next === "expired") reader.cancel().catch(() => {});
          controller.close();
          return;
        }
        controller.enqueue(next.value);
      } catch {
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Remembers a promise's outcome as soon as it settles, so a handler reached
 * later can use it synchronously: an async HTMLRewriter handler suspends the
 * stream, which costs more than the include itself when the fragment is
 * already here (cached, or fetched while the origin answered).
 */
class Settled<T> {
  done = false;
  value: T | undefined;
  constructor(readonly promise: Promise<T>) {
    promise.then(
      (v) => {
        this.done = true;
        this.value = v;
      },
      () => {
        this.done = true;
      },
    );
  }
}

export class IncludeHandler implements HTMLRewriterElementContentHandlers {
  private readonly body: Settled<FragmentBody | undefined>;
  constructor(
    private readonly ruleId: string,
    private readonly position: Position,
    body: Promise<FragmentBody | undefined>,
    private readonly fallbackHtml: string | undefined,
    private readonly gates: readonly MetaGate[],
    private readonly facts: PageFacts,
  ) {
    this.body = new Settled(body);
  }

  element(el: Element): void | Promise<void> {
    if (!this.facts.allow(this.gates)) {
      void this.body.promise.then((unused) => {
        if (typeof unused === "object") unused.cancel().catch(() => {});
      });
      return;
    }
    if (this.body.done) return this.apply(el, this.body.value);
    return this.body.promise.then(
      (body) => this.apply(el, body),
      () => this.apply(el, undefined),
    );
  }

  private apply(el: Element, body: FragmentBody | undefined): void {
    applySafely(this.ruleId, () => {
      if (body) insert(el, this.position, body);
      else if (this.fallbackHtml !== undefined) insert(el, this.position, this.fallbackHtml);
    });
  }
}

/**
 * `<esi:include src="…" alt="…"/>` from the origin: the fragment (src, else alt)
 * goes in its place, or nothing. HTML has no self-closing custom elements, so
 * the parser sees `<esi:include/>` as an open element that its parent's end tag
 * closes: only the esi tags are removed, never the content after them, and a
 * borrowed parent end tag is put back.
 */
export class EsiIncludeHandler implements HTMLRewriterElementContentHandlers {
  constructor(
    private readonly fetcher: IncludeFetcher,
    private readonly timeoutMs: number,
  ) {}
  async element(el: Element): Promise<void> {
    const name = el.tagName;
    el.onEndTag((end) => {
      if (end.name !== name) end.after(`</${end.name}>`, { html: true });
    });
    const candidates = [el.getAttribute("src"), el.getAttribute("alt")].filter(
      (s): s is string => !!s,
    );
    for (const src of candidates) {
      const body = await this.fetcher.start(src, this.timeoutMs);
      if (body) {
        applySafely("esi:include", () => el.before(body, { html: true }));
        break;
      }
    }
    el.removeAndKeepContent();
  }
}
