/**
 * The demo store's static assets, generated in code: the stylesheet, SVG
 * placeholder images at several widths (for srcset), and an opaque "video"
 * payload that stands in for a heavy hero video. Demo only.
 */

export const STORE_CSS = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,sans-serif;color:#1d2430;background:#f7f8fa}
a{color:#1f5eff}.site-header{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:#fff;border-bottom:1px solid #e3e6eb}
.logo{font-weight:800;font-size:1.3rem;text-decoration:none;color:#1d2430}.logo span{color:#1f5eff;margin-left:.2rem}
nav a{margin-left:1.2rem;text-decoration:none;font-weight:500}main{max-width:1100px;margin:0 auto;padding:1.5rem}
.hero{position:relative;overflow:hidden;border-radius:16px;min-height:320px;background:#0f1a3a;color:#fff}
.hero-video,.hero img[data-ep-video-poster]{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;opacity:.45}
.hero-copy{position:relative;padding:3rem}.hero h1{font-size:2.4rem;margin:0 0 .5rem}
.button{display:inline-block;background:#1f5eff;color:#fff;border:0;border-radius:8px;padding:.75rem 1.4rem;font-size:1rem;font-weight:600;text-decoration:none;cursor:pointer}
.link-button{background:none;border:0;color:#1f5eff;cursor:pointer}
.categories{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem;margin:1.5rem 0}
.category-tile{display:block;background:#fff;border-radius:12px;overflow:hidden;text-decoration:none;font-weight:600}
.category-tile img,.product-card img{width:100%;height:auto;display:block}.category-tile span{display:block;padding:.8rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}
.product-card{background:#fff;border-radius:12px;padding:.8rem}.product-card h3{margin:.5rem 0 0;font-size:1rem}
.price{font-size:1.2rem}.price s{color:#8a93a3;margin-left:.5rem;font-size:1rem}
.product{display:grid;grid-template-columns:1fr 1fr;gap:2rem}.product-hero{width:100%;height:auto;background:#fff;border-radius:12px}
.thumbs{display:flex;gap:.5rem;margin-top:.5rem}.thumbs img{width:120px;height:auto;border-radius:8px;background:#fff}
.specs table,.compare-table,.cart-lines{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #e3e6eb}
.checkout-form label{display:block;margin:.6rem 0}.checkout-form input{display:block;width:100%;max-width:24rem;padding:.5rem}
.site-footer{text-align:center;color:#8a93a3;padding:2rem}
@keyframes rise{from{opacity:0;transform:translateY(20px)}to{opacity:1;transform:none}}
@keyframes float{0%,100%{transform:translateY(0)}50%{transform:translateY(-8px)}}
@keyframes pulse{0%,100%{box-shadow:0 0 0 0 rgba(31,94,255,.6)}50%{box-shadow:0 0 0 12px rgba(31,94,255,0)}}
.animate-rise{animation:rise .8s ease-out both}.delay-1{animation-delay:.2s}
.animate-float{animation:float 4s ease-in-out infinite}.animate-pulse{animation:pulse 2s infinite}
html.ep-reduce-motion .animate-rise,html.ep-reduce-motion .animate-float,html.ep-reduce-motion .animate-pulse{animation:none}
html.ep-lite .thumbs,html.ep-lite .categories img{display:none}html.ep-lite .hero{min-height:0}
.ep-banner{display:flex;gap:1rem;align-items:center;justify-content:center;padding:.8rem 1rem;background:#ffe45c;color:#1d2430;font-weight:600}
.ep-banner .ep-countdown{font-variant-numeric:tabular-nums;background:#1d2430;color:#ffe45c;padding:.15rem .5rem;border-radius:6px}
.ep-overlay{position:fixed;right:1rem;bottom:1rem;max-width:20rem;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.2);padding:1rem;z-index:10}
.ep-tip{background:#eef3ff;border-left:4px solid #1f5eff;padding:.6rem .8rem;margin:.5rem 0}
@media (max-width:700px){.product{grid-template-columns:1fr}.categories{grid-template-columns:1fr}nav a{margin-left:.6rem}}
`;

const COLORS: Record<string, string> = {
  laptop: "#3b6cff",
  "laptop-pro": "#7a3bff",
  "laptop-lite": "#1aa07a",
  phone: "#ff7a3b",
  headphones: "#e0407a",
  laptops: "#3b6cff",
  phones: "#ff7a3b",
  audio: "#e0407a",
  "hero-poster": "#0f1a3a",
};

/** An SVG placeholder `name` rendered at `width`; larger widths carry more detail (and bytes). */
export function placeholderSvg(name: string, width: number): string | undefined {
  const color = COLORS[name];
  if (!color) return undefined;
  const height = Math.round((width * 3) / 4);
  const dots = Array.from({ length: Math.round(width / 20) }, (_, i) => {
    const x = (i * 97) % width;
    const y = (i * 61) % height;
    return `<circle cx="${x}" cy="${y}" r="${4 + (i % 7)}" fill="#fff" fill-opacity=".12"/>`;
  }).join("");
  const label =
    name === "hero-poster"
      ? ""
      : `<text x="50%" y="50%" fill="#fff" font-family="sans-serif" font-size="${Math.round(width / 14)}" text-anchor="middle" dominant-baseline="middle">${name} · ${width}w</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="${color}"/>${dots}${label}</svg>`;
}

/** A deterministic 256 KB binary body standing in for a heavy hero video. */
export function heavyVideoBytes(): Uint8Array {
  const bytes = new Uint8Array(256 * 1024);
  let x = 2463534242;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
