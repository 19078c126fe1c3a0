/**
 * A local Node origin for the benchmarks, on 127.0.0.1: realistic storefront
 * product pages of about 30 KB and 120 KB (head, nav, named slots, srcset
 * images, product cards), a 10 MB page streamed in 64 KB chunks, a slow-drip
 * page (chunks 100 ms apart) and the free-shipping fragment the demo rules
 * include. Serves nothing else.
 */
import { createServer, type Server } from "node:http";

const head = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="ep:page-type" content="product"><title>${title} · Bench Store</title>
<link rel="stylesheet" href="/assets/store.css"><link rel="preload" as="image" href="/img/hero-800.jpg">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"${title}","offers":{"price":"1299.00","priceCurrency":"USD"}}</script>
</head><body class="page-product">
<header class="site-header"><a class="logo" href="/">Bench<span>Store</span></a><nav><a href="/category/laptops">Laptops</a><a href="/category/phones">Phones</a><a href="/compare">Compare</a><a href="/cart">Cart (0)</a></nav></header>
<div data-ep-slot="promo-banner" class="promo-banner-slot"></div>
<main><article class="product" data-ep-product="aero-14-laptop"><div class="gallery">
<img class="product-hero" src="/img/hero-800.jpg" srcset="/img/hero-400.jpg 400w, /img/hero-800.jpg 800w, /img/hero-1600.jpg 1600w" sizes="(max-width: 800px) 100vw, 50vw" alt="${title}" width="800" height="600">
</div><div class="details"><h1>${title}</h1><p class="price" data-ep-hover="price"><strong>$1,299.00</strong></p>
<div data-ep-slot="product-offer"></div>
<form method="post" action="/cart/add"><button class="button" data-ep-event="add_to_cart" data-ep-product="aero-14-laptop" data-ep-price="1299">Add to cart</button></form>
</div></article>
<section class="related"><h2>Customers also viewed</h2><div class="grid">
`;

const card = (
  i: number,
) => `<article class="product-card" data-ep-product="item-${i}"><a href="/products/item-${i}" data-ep-track="product-card"><img src="/img/item-${i}-400.jpg" srcset="/img/item-${i}-400.jpg 400w, /img/item-${i}-800.jpg 800w" sizes="25vw" alt="Item ${i}" width="400" height="300" loading="lazy"><h3>Item ${i}: a sensible everyday laptop with a long battery life</h3></a><p class="price" data-ep-hover="price">$${(499 + (i % 40) * 25).toFixed(2)}</p><ul class="specs"><li>8-core CPU</li><li>16 GB memory</li><li>512 GB SSD</li></ul></article>
`;

const tail = `</div></section></main>
<footer class="site-footer"><p>Bench Store is a synthetic storefront for load tests.</p></footer>
<div data-ep-slot="overlay"></div></body></html>
`;

export function storefrontPage(title: string, bytes: number): string {
  let body = head(title);
  for (let i = 0; body.length + tail.length < bytes; i++) body += card(i);
  return body + tail;
}

const PAGES: Record<string, string> = {
  "/products/bench-30k": storefrontPage("Bench 30K", 30 * 1024),
  "/products/bench-120k": storefrontPage("Bench 120K", 120 * 1024),
};

export interface Origin {
  url: string;
  close(): Promise<void>;
}

export async function startStorefrontOrigin(): Promise<Origin> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const page =
      PAGES[path] ?? (path.startsWith("/pages/") ? PAGES["/products/bench-30k"] : undefined);
    if (page) {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-length": Buffer.byteLength(page),
      });
      res.end(page);
      return;
    }
    if (path === "/products/bench-10m") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.write(head("Bench 10M"));
      const chunk = Array.from({ length: 40 }, (_, i) => card(i)).join("");
      let sent = 0;
      const pump = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end(tail);
      };
      pump();
      return;
    }
    if (path === "/products/slow-drip") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.write(head("Slow drip"));
      let n = 0;
      const timer = setInterval(() => {
        res.write(card(n));
        if (++n === 10) {
          clearInterval(timer);
          res.end(tail);
        }
      }, 100);
      req.on("close", () => clearInterval(timer));
      return;
    }
    if (path === "/fragments/free-shipping") {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "public, max-age=60",
      });
      res.end('<p class="ep-tip">Free two-day shipping on every order today.</p>');
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
