/** The demo store's cart, kept in a plain cookie (`demo_cart=slug:qty|slug:qty`). Demo only. */
import { type Product, productBySlug } from "./catalog";

export const CART_COOKIE = "demo_cart";

export interface CartLine {
  product: Product;
  quantity: number;
}

export function parseCart(value: string | undefined): CartLine[] {
  if (!value) return [];
  const lines: CartLine[] = [];
  for (const item of decodeURIComponent(value).split("|")) {
    const [slug, qty] = item.split(":");
    const product = slug ? productBySlug(slug) : undefined;
    const quantity = Math.min(99, Math.max(1, Number(qty) || 1));
    if (product) lines.push({ product, quantity });
  }
  return lines;
}

export const serializeCart = (lines: CartLine[]) =>
  encodeURIComponent(lines.map((l) => `${l.product.slug}:${l.quantity}`).join("|"));

export const cartTotalCents = (lines: CartLine[]) =>
  lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
