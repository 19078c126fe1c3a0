/** Demo category listing page. */
import { CATEGORIES, PRODUCTS } from "../catalog";
import { ProductCard } from "./product-card";

export function CategoryPage({ slug }: { slug: string }) {
  const category = CATEGORIES[slug]!;
  return (
    <section class="category">
      <h1>{category.name}</h1>
      <p>{category.blurb}</p>
      <div data-ep-slot="category-offer"></div>
      <div class="grid">
        {PRODUCTS.filter((p) => p.category === slug).map((p) => (
          <ProductCard product={p} />
        ))}
      </div>
    </section>
  );
}
