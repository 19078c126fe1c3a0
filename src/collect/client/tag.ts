/**
 * The client tag (served at /__ep/tag.<hash>.js, injected async into <head>).
 * Collects behaviour — page views, clicks, scroll depth and speed, hover dwell
 * on [data-ep-hover], engaged-time heartbeats, forms, video, cart events from
 * [data-ep-event] buttons or `edgePersonalizer.track(type, props)` — batches it
 * to POST /__ep/collect (fetch keepalive; sendBeacon when the page hides) and
 * applies the live decisions the endpoint answers with to the page's slots.
 * Refuses to collect under Global Privacy Control, `window.epConsent = false`
 * or the ep_optout cookie; never throws into the page; no dependencies.
 */

type Props = Record<string, unknown>;
interface Decision {
  rule: string;
  selector: string;
  position: string;
  /** insertAdjacentHTML's name for the position; absent for "inner" and "replace". */
  adjacent?: InsertPosition;
  html: string;
}
type Win = Window & {
  epConsent?: boolean;
  epq?: Array<[string, Props?]>;
  edgePersonalizer?: unknown;
};
type Nav = Navigator & {
  globalPrivacyControl?: boolean;
  connection?: { effectiveType?: string; saveData?: boolean; downlink?: number };
};

const w = window as Win;
const d = document;
const n = navigator as Nav;
{
  const ENDPOINT = "/__ep/collect";
  const cfg = (d.currentScript as HTMLScriptElement | null)?.dataset ?? {};
  const pageType = cfg.pageType || undefined;
  const applied = new Set((cfg.rules ?? "").split(","));
  const beatMs = (Number(cfg.hb) || 15) * 1000;
  const now = Date.now;
  const start = now();
  let queue: object[] = [];
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let context: object | undefined;

  const off = () =>
    n.globalPrivacyControl === true || w.epConsent === false || /\bep_optout=1/.test(d.cookie);
  const safe =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        fn(...a);
      } catch {}
    };
  const data = (el: Element | null | undefined) =>
    (el as HTMLElement | null | undefined)?.dataset ?? {};

  const send = (beacon?: boolean) => {
    clearTimeout(timer);
    timer = 0;
    if (!queue.length || off()) {
      queue = [];
      return;
    }
    const events = queue.splice(0, 100);
    const body = JSON.stringify({
      page: { path: location.pathname + location.search, type: pageType },
      context,
      events,
    });
    context = undefined;
    if (beacon && n.sendBeacon?.(ENDPOINT, body)) return;
    // A string body is sent as text/plain with same-origin credentials by default.
    fetch(ENDPOINT, { method: "POST", body, keepalive: true })
      .then((r) => {
        // Not stored (busy, rate-limited, down): keep the batch for the next send; its ids make a retry safe.
        if (r.status > 499 || r.status === 429) throw 0;
        return r.ok ? r.json() : {};
      })
      .then(safe((res: { decisions?: Decision[] }) => res.decisions?.forEach(apply)))
      .catch(() => {
        if (queue.length < 200) queue.unshift(...events);
      });
  };

  const track = (type: string, props: Props = {}) => {
    if (off()) return;
    queue.push({
      id: now().toString(36) + Math.random().toString(36).slice(2),
      type,
      ts: now(),
      page: location.pathname,
      props,
    });
    if (queue.length > 19) send();
    else timer ||= setTimeout(send, 2000);
  };

  // `applied` holds the rules the edge already rendered into this page, and each live insertion.
  const apply = (x: Decision) => {
    const el = d.querySelector(x.selector);
    const key = x.rule + x.selector + x.position;
    if (!el || applied.has(x.rule) || applied.has(key)) return;
    applied.add(key);
    if (x.position === "inner") el.innerHTML = x.html;
    else if (x.position === "replace") el.outerHTML = x.html;
    else el.insertAdjacentHTML(x.adjacent ?? "beforeend", x.html);
  };

  // Countdowns in fragments: <span data-ep-deadline="epoch ms">.
  setInterval(
    safe(() =>
      d.querySelectorAll<HTMLElement>("[data-ep-deadline]").forEach((el) => {
        const s = Math.max(0, Math.round((Number(el.dataset.epDeadline) - now()) / 1000));
        el.textContent = `${(s / 60) | 0}:${String(s % 60).padStart(2, "0")}`;
      }),
    ),
    1000,
  );

  const on = (target: EventTarget, type: string, fn: (e: Event) => void, capture = true) =>
    target.addEventListener(type, safe(fn), { capture, passive: true });

  // Clicks, and commerce events from data-ep-event buttons.
  on(d, "click", (e) => {
    const el = (e.target as Element).closest?.("a,button,[data-ep-track],[data-ep-event]");
    if (!el) return;
    const product = data(el.closest("[data-ep-product]")).epProduct;
    const { epEvent: event, epPrice, epQuantity, epTrack } = data(el);
    if (event) {
      const price = Number(epPrice);
      track(
        event,
        event.endsWith("cart")
          ? {
              product,
              price: price >= 0 ? price : undefined,
              quantity: Number(epQuantity) || 1,
            }
          : {},
      );
    } else {
      const label = (epTrack ?? el.textContent ?? "").trim().slice(0, 80);
      track("click", { label, href: el.getAttribute("href")?.slice(0, 2048), product });
    }
  });

  // Scroll depth milestones, with the average scroll speed and the time to half depth.
  const milestones = [25, 50, 75, 90, 100];
  let maxDepth = 0;
  let lastY = scrollY;
  let distance = 0;
  let timeTo50: number | undefined;
  const velocity = () => Math.round((distance / Math.max(1, now() - start)) * 1e5) / 100;
  on(
    w,
    "scroll",
    () => {
      distance += Math.abs(scrollY - lastY);
      lastY = scrollY;
      const depth = Math.min(
        100,
        ((scrollY + innerHeight) / Math.max(1, d.documentElement.scrollHeight)) * 100,
      );
      if (depth <= maxDepth) return;
      const crossed = milestones.filter((m) => m > maxDepth && m <= depth).pop();
      maxDepth = depth;
      if (depth >= 50) timeTo50 ??= now() - start;
      if (crossed)
        track("scroll", {
          depth: crossed,
          maxDepth: Math.round(depth),
          velocity: velocity(),
          timeTo50,
        });
    },
    false,
  );

  // Hover dwell on marked elements (data-ep-hover="price" | "features" | …).
  let hovered: Element | null = null;
  let hoverStart = 0;
  const endHover = () => {
    const dwellMs = now() - hoverStart;
    if (hovered && dwellMs > 299) track("hover", { target: data(hovered).epHover, dwellMs });
    hovered = null;
  };
  on(d, "mouseover", (e) => {
    const el = (e.target as Element).closest?.("[data-ep-hover]") ?? null;
    if (el === hovered) return;
    endHover();
    hovered = el;
    hoverStart = now();
  });

  // Engaged time: heartbeats count only visible time.
  let visibleSince = now();
  const beat = () => {
    if (d.visibilityState !== "visible") return;
    track("engagement", { visibleMs: now() - visibleSince, velocity: velocity() });
    visibleSince = now();
  };
  setInterval(safe(beat), beatMs);

  // Forms.
  const started = new Set<EventTarget>();
  const formName = (f: HTMLFormElement) =>
    (f.dataset.epForm ?? (f.id || f.getAttribute("name") || "")).slice(0, 80);
  on(d, "focusin", (e) => {
    const t = e.target as HTMLInputElement;
    const f = /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) && t.type !== "hidden" ? t.form : null;
    if (f && !started.has(f)) {
      started.add(f);
      track("form_start", { form: formName(f) });
    }
  });
  on(d, "submit", (e) => track("form_submit", { form: formName(e.target as HTMLFormElement) }));

  // Video: play, progress quartiles, drop-off when the page goes away mid-video.
  const videos = new Map<HTMLMediaElement, number>();
  const percent = (v: HTMLMediaElement) =>
    v.duration ? Math.min(100, Math.round((v.currentTime / v.duration) * 100)) : 0;
  const progress = (v: HTMLMediaElement, p: number, dropped?: boolean) =>
    track("video_progress", { video: v.currentSrc.slice(0, 200), percent: p, dropped });
  on(d, "play", (e) => {
    const v = e.target as HTMLMediaElement;
    if (!videos.has(v)) track("video_play", { video: v.currentSrc.slice(0, 200) });
    videos.set(v, videos.get(v) ?? 0);
  });
  on(d, "timeupdate", (e) => {
    const v = e.target as HTMLMediaElement;
    const q = Math.floor(percent(v) / 25) * 25;
    if (q > (videos.get(v) ?? 0)) {
      videos.set(v, q);
      progress(v, q);
    }
  });

  const leave = () => {
    endHover();
    beat();
    videos.forEach((q, v) => {
      if (q < 100 && !v.ended) progress(v, percent(v), true);
    });
    videos.clear();
    send(true);
  };
  on(w, "pagehide", leave);
  on(d, "visibilitychange", () => {
    if (d.visibilityState === "hidden") leave();
    else visibleSince = now();
  });

  safe(() => {
    const c = n.connection;
    context = {
      ect: c?.effectiveType,
      saveData: c?.saveData,
      downlink: c?.downlink,
      screenW: screen.width,
      screenH: screen.height,
      dpr: devicePixelRatio,
      touch: "ontouchstart" in w,
    };
  })();
  track("page_view", { pageType });
  const api = { track: safe(track) };
  for (const [type, props] of w.epq ?? []) api.track(type, props);
  w.edgePersonalizer = api;
}
