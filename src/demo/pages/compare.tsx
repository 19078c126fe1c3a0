/** Demo comparison page: prices and features side by side. */
import { formatPrice, type Product } from "../catalog";

export function ComparePage({ products }: { products: Product[] }) {
  const specNames = [...new Set(products.flatMap((p) => Object.keys(p.specs)))];
  return (
    <section class="compare">
      <h1>Compare</h1>
      <div data-ep-slot="compare-tips"></div>
      <table class="compare-table">
        <thead>
          <tr>
            <th></th>
            {products.map((p) => (
              <th>
                <a href={`/products/${p.slug}`}>{p.name}</a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr class="compare-price" data-ep-hover="price">
            <th>Price</th>
            {products.map((p) => (
              <td data-ep-hover="price">{formatPrice(p.priceCents)}</td>
            ))}
          </tr>
          {specNames.map((name) => (
            <tr data-ep-hover="features">
              <th>{name}</th>
              {products.map((p) => (
                <td>{p.specs[name] ?? "—"}</td>
              ))}
            </tr>
          ))}
          <tr data-ep-hover="features">
            <th>Features</th>
            {products.map((p) => (
              <td>{p.features.join(", ")}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </section>
  );
}
