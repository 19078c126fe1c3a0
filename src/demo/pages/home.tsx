/** Demo home page: hero with video and animation, featured products. */
import { CATEGORIES, PRODUCTS, srcsetFor } from "../catalog";
import { ProductCard } from "./product-card";

export function HomePage() {
  return (
    <>
      <section class="hero">
        <video
          class="hero-video"
          autoplay
          muted
          loop
          playsinline
          poster="/assets/img/hero-poster-1600.svg"
        >
          <source src="/assets/video/hero.mp4" type="video/mp4" />
        </video>
        <div class="hero-copy">
          <h1 data-ep-slot="hero-headline" class="animate-rise">
            Gear that keeps up with you
          </h1>
          <p class="animate-rise delay-1">Laptops, phones and audio with free two-day shipping.</p>
          <a class="button animate-pulse" href="/category/laptops" data-ep-track="hero-cta">
            Shop laptops
          </a>
        </div>
      </section>
      <section class="categories">
        {Object.entries(CATEGORIES).map(([slug, c]) => (
          <a class="category-tile" href={`/category/${slug}`}>
            <img
              src={`/assets/img/${slug}-400.svg`}
              srcset={srcsetFor(slug)}
              sizes="(max-width: 600px) 100vw, 33vw"
              alt={c.name}
              width="400"
              height="300"
            />
            <span>{c.name}</span>
          </a>
        ))}
      </section>
      <section class="featured">
        <h2>Featured</h2>
        <div class="grid">
          {PRODUCTS.slice(0, 4).map((p) => (
            <ProductCard product={p} />
          ))}
        </div>
      </section>
    </>
  );
}
