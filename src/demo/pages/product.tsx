/** Demo product page: gallery, price, specs, features, add-to-cart form. */
import { formatPrice, type Product, srcsetFor } from "../catalog";

export function ProductPage({ product }: { product: Product }) {
  return (
    <article class="product" data-ep-product={product.slug}>
      <div class="gallery">
        <img
          class="product-hero animate-float"
          src={`/assets/img/${product.image}-800.svg`}
          srcset={srcsetFor(product.image)}
          sizes="(max-width: 800px) 100vw, 50vw"
          alt={product.name}
          width="800"
          height="600"
        />
        <div class="thumbs">
          {[1, 2, 3].map((n) => (
            <img
              src={`/assets/img/${product.image}-400.svg?view=${n}`}
              srcset={srcsetFor(product.image, [400, 800], `?view=${n}`)}
              sizes="120px"
              alt={`${product.name}, view ${n}`}
              width="120"
              height="90"
            />
          ))}
        </div>
      </div>
      <div class="details">
        <h1>{product.name}</h1>
        <p class="blurb">{product.blurb}</p>
        <p class="price" data-ep-hover="price">
          <strong>{formatPrice(product.priceCents)}</strong>
          {product.listPriceCents ? <s>{formatPrice(product.listPriceCents)}</s> : null}
        </p>
        <div data-ep-slot="product-offer"></div>
        <form method="post" action="/cart/add" class="add-to-cart">
          <input type="hidden" name="slug" value={product.slug} />
          <button
            type="submit"
            class="button"
            data-ep-event="add_to_cart"
            data-ep-product={product.slug}
            data-ep-price={String(product.priceCents / 100)}
          >
            Add to cart
          </button>
        </form>
        <section class="features" data-ep-hover="features">
          <h2>Features</h2>
          <ul>
            {product.features.map((f) => (
              <li>{f}</li>
            ))}
          </ul>
        </section>
        <section class="specs" data-ep-hover="features">
          <h2>Specifications</h2>
          <table>
            <tbody>
              {Object.entries(product.specs).map(([k, v]) => (
                <tr>
                  <th>{k}</th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </article>
  );
}
