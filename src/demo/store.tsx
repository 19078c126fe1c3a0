/**
 * The embedded demo storefront, used as the origin when ORIGIN_URL is unset.
 * A plain Hono app that knows nothing about personalization: it is called
 * exactly as a remote origin would be and serves ordinary HTML with named
 * slots (data-ep-slot) and tracking hints (data-ep-*), plus its assets.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import { heavyVideoBytes, placeholderSvg, STORE_CSS } from "./assets";
import { CART_COOKIE, type CartLine, parseCart, serializeCart } from "./cart-cookie";
import { CATEGORIES, PRODUCTS, productBySlug } from "./catalog";
import { Layout } from "./layout";
import { CartPage, CheckoutPage, ThanksPage } from "./pages/cart";
import { CategoryPage } from "./pages/category";
import { ComparePage } from "./pages/compare";
import { HomePage } from "./pages/home";
import { ProductPage } from "./pages/product";

const store = new Hono();

const cartOf = (c: Context) => parseCart(getCookie(c, CART_COOKIE));

function page(
  c: Context,
  props: { title: string; pageType: string; category?: string; status?: 200 | 404 },
  body: Child,
) {
  const count = cartOf(c).reduce((n, l) => n + l.quantity, 0);
  const doc = (
    <Layout
      title={props.title}
      pageType={props.pageType}
      cartCount={count}
      category={props.category}
    >
      {body}
    </Layout>
  );
  return c.html(`<!doctype html>\n${doc.toString()}`, props.status ?? 200);
}

const notFound = (c: Context) =>
  page(c, { title: "Not found", pageType: "not-found", status: 404 }, <h1>Page not found</h1>);

function saveCart(c: Context, cart: CartLine[]) {
  setCookie(c, CART_COOKIE, serializeCart(cart), {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    maxAge: 60 * 60 * 24 * 30,
  });
  return c.redirect("/cart", 303);
}

async function formSlug(c: Context) {
  const body = await c.req.parseBody();
  return typeof body.slug === "string" ? body.slug : "";
}

store.get("/", (c) => page(c, { title: "Home", pageType: "home" }, <HomePage />));

store.get("/category/:slug", (c) => {
  const slug = c.req.param("slug");
  const category = CATEGORIES[slug];
  if (!category) return notFound(c);
  return page(
    c,
    { title: category.name, pageType: "category", category: slug },
    <CategoryPage slug={slug} />,
  );
});

store.get("/products/:slug", (c) => {
  const product = productBySlug(c.req.param("slug"));
  if (!product) return notFound(c);
  return page(
    c,
    { title: product.name, pageType: "product", category: product.category },
    <ProductPage product={product} />,
  );
});

store.get("/compare", (c) => {
  const wanted = (c.req.query("ids") ?? "aero-14-laptop,forge-16-laptop,nimbus-13-laptop").split(
    ",",
  );
  const found = wanted.map(productBySlug).filter((p) => p !== undefined);
  const products = found.length > 0 ? found : PRODUCTS.slice(0, 3);
  return page(c, { title: "Compare", pageType: "compare" }, <ComparePage products={products} />);
});

store.get("/cart", (c) =>
  page(c, { title: "Cart", pageType: "cart" }, <CartPage lines={cartOf(c)} />),
);

store.post("/cart/add", async (c) => {
  const product = productBySlug(await formSlug(c));
  if (!product) return c.text("unknown product", 400);
  const cart = cartOf(c);
  const line = cart.find((l) => l.product.slug === product.slug);
  if (line) line.quantity++;
  else cart.push({ product, quantity: 1 });
  return saveCart(c, cart);
});

store.post("/cart/remove", async (c) => {
  const slug = await formSlug(c);
  return saveCart(
    c,
    cartOf(c).filter((l) => l.product.slug !== slug),
  );
});

store.get("/checkout", (c) =>
  page(c, { title: "Checkout", pageType: "checkout" }, <CheckoutPage lines={cartOf(c)} />),
);

store.post("/checkout", (c) => {
  deleteCookie(c, CART_COOKIE, { path: "/" });
  return c.redirect("/checkout/thanks", 303);
});

store.get("/checkout/thanks", (c) =>
  page(c, { title: "Thank you", pageType: "thanks" }, <ThanksPage />),
);

store.get("/fragments/free-shipping", (c) =>
  c.html('<p class="ep-tip">Free two-day shipping on every order today.</p>', 200, {
    "cache-control": "public, max-age=60",
  }),
);

store.get("/assets/store.css", (c) =>
  c.body(STORE_CSS, 200, {
    "content-type": "text/css; charset=utf-8",
    "cache-control": "public, max-age=3600",
  }),
);

store.get("/assets/img/:file", (c) => {
  const m = /^([a-z-]+)-(\d+)\.svg$/.exec(c.req.param("file"));
  const svg =
    m && [400, 800, 1600].includes(Number(m[2])) ? placeholderSvg(m[1]!, Number(m[2])) : undefined;
  if (!svg) return c.text("not found", 404);
  return c.body(svg, 200, {
    "content-type": "image/svg+xml",
    "cache-control": "public, max-age=86400",
  });
});

const video = heavyVideoBytes();
store.get("/assets/video/hero.mp4", (c) =>
  c.body(video.slice(), 200, {
    "content-type": "video/mp4",
    "cache-control": "public, max-age=86400",
  }),
);

store.notFound(notFound);

export const demoStore = store;
