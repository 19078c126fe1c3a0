/** The demo store's page shell: head, header with cart count, named slots, footer. */
import type { Child } from "hono/jsx";

export interface LayoutProps {
  title: string;
  pageType: string;
  cartCount: number;
  category?: string;
  children: Child;
}

export function Layout({ title, pageType, cartCount, category, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="ep:page-type" content={pageType} />
        {category ? <meta name="ep:category" content={category} /> : null}
        <title>{`${title} · Northwind Electronics`}</title>
        <link rel="stylesheet" href="/assets/store.css" />
      </head>
      <body class={`page-${pageType}`}>
        <header class="site-header">
          <a class="logo" href="/">
            Northwind<span>Electronics</span>
          </a>
          <nav>
            <a href="/category/laptops">Laptops</a>
            <a href="/category/phones">Phones</a>
            <a href="/category/audio">Audio</a>
            <a href="/compare">Compare</a>
            <a href="/cart" class="cart-link" data-ep-track="nav-cart">
              Cart (<span id="cart-count">{cartCount}</span>)
            </a>
          </nav>
        </header>
        <div data-ep-slot="promo-banner" class="promo-banner-slot"></div>
        <main>{children}</main>
        <footer class="site-footer">
          <p>Northwind Electronics is a demo storefront served through edge-personalizer.</p>
        </footer>
        <div data-ep-slot="overlay"></div>
      </body>
    </html>
  );
}
