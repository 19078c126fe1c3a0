/**
 * Lightens media for slow networks and data savers: lazy loading and async
 * decoding for images after the first N (likely the LCP image), srcset capped at
 * a maximum width, and heavy <video> swapped for its poster image. No I/O.
 * Refuses to touch images that already say loading="eager".
 */
import type { MetaGate } from "../../engine/rule-set";
import { escapeHtml } from "../../engine/template";
import { applySafely, type PageFacts } from "./page-facts";

export interface LightenOptions {
  lazy: boolean;
  asyncDecoding: boolean;
  skipFirst: number;
  maxSrcsetWidth?: number;
  videoToPoster: boolean;
}

/** Keeps srcset candidates no wider than `max`; keeps the narrowest when all are wider. */
export function capSrcset(srcset: string, max: number): string {
  const candidates = srcset
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      const [url, descriptor = ""] = c.split(/\s+/);
      const w = /^(\d+)w$/.exec(descriptor);
      return { text: c, url, width: w ? Number(w[1]) : undefined };
    });
  if (candidates.some((c) => c.width === undefined)) return srcset;
  const kept = candidates.filter((c) => (c.width ?? 0) <= max);
  if (kept.length > 0) return kept.map((c) => c.text).join(", ");
  const narrowest = candidates.reduce((a, b) => ((a.width ?? 0) <= (b.width ?? 0) ? a : b));
  return narrowest.text;
}

export class LightenImagesHandler implements HTMLRewriterElementContentHandlers {
  private imagesSeen = 0;
  constructor(
    private readonly ruleId: string,
    private readonly options: LightenOptions,
    private readonly gates: readonly MetaGate[],
    private readonly facts: PageFacts,
  ) {}

  element(el: Element): void {
    if (!this.facts.allow(this.gates)) return;
    applySafely(this.ruleId, () => {
      switch (el.tagName) {
        case "img":
          return this.image(el);
        case "source":
          return this.capSrcsetOf(el);
        case "video":
          return this.video(el);
      }
    });
  }

  private image(el: Element): void {
    this.imagesSeen++;
    this.capSrcsetOf(el);
    if (this.imagesSeen <= this.options.skipFirst || el.getAttribute("loading") === "eager") return;
    if (this.options.lazy) el.setAttribute("loading", "lazy");
    if (this.options.asyncDecoding) el.setAttribute("decoding", "async");
  }

  private capSrcsetOf(el: Element): void {
    const srcset = el.getAttribute("srcset");
    if (srcset && this.options.maxSrcsetWidth)
      el.setAttribute("srcset", capSrcset(srcset, this.options.maxSrcsetWidth));
  }

  private video(el: Element): void {
    const poster = el.getAttribute("poster");
    if (this.options.videoToPoster && poster) {
      const attrs = [
        `src="${escapeHtml(poster)}"`,
        'alt=""',
        'loading="lazy"',
        'decoding="async"',
        'data-ep-video-poster=""',
      ];
      for (const name of ["class", "width", "height"]) {
        const v = el.getAttribute(name);
        if (v !== null) attrs.push(`${name}="${escapeHtml(v)}"`);
      }
      el.replace(`<img ${attrs.join(" ")}>`, { html: true });
      return;
    }
    el.setAttribute("preload", "none");
    el.removeAttribute("autoplay");
  }
}
