/** Demo cart and checkout pages. */
import { type CartLine, cartTotalCents } from "../cart-cookie";
import { formatPrice } from "../catalog";

export function CartPage({ lines }: { lines: CartLine[] }) {
  return (
    <section class="cart">
      <h1>Your cart</h1>
      <div data-ep-slot="cart-offer"></div>
      {lines.length === 0 ? (
        <p class="empty">
          Your cart is empty. <a href="/category/laptops">Browse laptops</a>
        </p>
      ) : (
        <>
          <table class="cart-lines">
            <tbody>
              {lines.map((l) => (
                <tr>
                  <td>
                    <a href={`/products/${l.product.slug}`}>{l.product.name}</a>
                  </td>
                  <td>× {l.quantity}</td>
                  <td>{formatPrice(l.product.priceCents * l.quantity)}</td>
                  <td>
                    <form method="post" action="/cart/remove">
                      <input type="hidden" name="slug" value={l.product.slug} />
                      <button
                        type="submit"
                        class="link-button"
                        data-ep-event="remove_from_cart"
                        data-ep-product={l.product.slug}
                      >
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="total">
            Total{" "}
            <strong data-ep-cart-total={String(cartTotalCents(lines) / 100)}>
              {formatPrice(cartTotalCents(lines))}
            </strong>
          </p>
          <a class="button" href="/checkout" data-ep-event="checkout_start">
            Checkout
          </a>
        </>
      )}
    </section>
  );
}

export function CheckoutPage({ lines }: { lines: CartLine[] }) {
  return (
    <section class="checkout">
      <h1>Checkout</h1>
      <div data-ep-slot="checkout-offer"></div>
      <p>
        {lines.length} item(s), total <strong>{formatPrice(cartTotalCents(lines))}</strong>
      </p>
      <form method="post" action="/checkout" class="checkout-form" data-ep-form="checkout">
        <label>
          Email <input type="email" name="email" required autocomplete="email" />
        </label>
        <label>
          Name <input type="text" name="name" required autocomplete="name" />
        </label>
        <label>
          Address <input type="text" name="address" required autocomplete="street-address" />
        </label>
        <button type="submit" class="button" data-ep-event="purchase">
          Place order
        </button>
      </form>
    </section>
  );
}

export function ThanksPage() {
  return (
    <section class="thanks">
      <h1>Thank you!</h1>
      <p>Your order is on its way. (This is a demo: nothing was charged.)</p>
      <a href="/">Back to the store</a>
    </section>
  );
}
