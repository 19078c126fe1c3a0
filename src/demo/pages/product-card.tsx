/** A product tile used on listing pages. */
import { formatPrice, type Product, srcsetFor } from "../catalog";

export function ProductCard({ product }: { product: Product }) {
  return (
    <article class="product-card" data-ep-product={product.slug}>
      <a href={`/products/${product.slug}`} data-ep-track="product-card">
        <img
          src={`/assets/img/${product.image}-400.svg`}
          srcset={srcsetFor(product.image)}
          sizes="(max-width: 600px) 50vw, 25vw"
          alt={product.name}
          width="400"
          height="300"
        />
        <h3>{product.name}</h3>
      </a>
      <p class="price" data-ep-hover="price">
        {formatPrice(product.priceCents)}
      </p>
    </article>
  );
}
