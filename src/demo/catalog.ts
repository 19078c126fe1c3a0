/** The demo store's products and categories: static data, no I/O. */

export interface Product {
  slug: string;
  name: string;
  category: string;
  priceCents: number;
  listPriceCents?: number;
  blurb: string;
  image: string;
  specs: Record<string, string>;
  features: string[];
}

export const CATEGORIES: Record<string, { name: string; blurb: string }> = {
  laptops: { name: "Laptops", blurb: "Thin, light and fast machines for work and play." },
  phones: { name: "Phones", blurb: "Flagship cameras, all-day batteries." },
  audio: { name: "Audio", blurb: "Headphones and speakers that disappear into the music." },
};

export const PRODUCTS: Product[] = [
  {
    slug: "aero-14-laptop",
    name: "Aero 14 Laptop",
    category: "laptops",
    priceCents: 129900,
    listPriceCents: 149900,
    blurb: "A 14-inch ultraportable with a 20-hour battery and a bright 2.8K display.",
    image: "laptop",
    specs: {
      CPU: "10-core",
      Memory: "16 GB",
      Storage: "1 TB SSD",
      Weight: "1.2 kg",
      Battery: "20 h",
    },
    features: ["2.8K 120 Hz display", "Wi-Fi 7", "Backlit keyboard", "Fingerprint reader"],
  },
  {
    slug: "forge-16-laptop",
    name: "Forge 16 Laptop",
    category: "laptops",
    priceCents: 219900,
    blurb: "A 16-inch workstation with a discrete GPU for creators.",
    image: "laptop-pro",
    specs: {
      CPU: "16-core",
      Memory: "32 GB",
      Storage: "2 TB SSD",
      Weight: "2.1 kg",
      Battery: "12 h",
    },
    features: ["Mini-LED display", "Discrete GPU", "Thunderbolt 5", "1080p camera"],
  },
  {
    slug: "nimbus-13-laptop",
    name: "Nimbus 13 Laptop",
    category: "laptops",
    priceCents: 79900,
    blurb: "An affordable everyday laptop that weighs less than a kilogram.",
    image: "laptop-lite",
    specs: {
      CPU: "8-core",
      Memory: "8 GB",
      Storage: "512 GB SSD",
      Weight: "0.98 kg",
      Battery: "15 h",
    },
    features: ["Fanless design", "USB-C charging", "Aluminium body"],
  },
  {
    slug: "pixelight-phone",
    name: "Pixelight Phone",
    category: "phones",
    priceCents: 89900,
    blurb: "A camera-first phone with a periscope zoom.",
    image: "phone",
    specs: {
      Display: "6.3 in OLED",
      Storage: "256 GB",
      Camera: "50 MP + 5x",
      Battery: "4,800 mAh",
    },
    features: ["5x optical zoom", "7 years of updates", "IP68"],
  },
  {
    slug: "hush-headphones",
    name: "Hush Headphones",
    category: "audio",
    priceCents: 34900,
    listPriceCents: 39900,
    blurb: "Noise-cancelling over-ears with a 40-hour battery.",
    image: "headphones",
    specs: { Battery: "40 h", Weight: "250 g", Codec: "LDAC, AAC" },
    features: ["Adaptive noise cancelling", "Multipoint", "Foldable"],
  },
];

export const productBySlug = (slug: string) => PRODUCTS.find((p) => p.slug === slug);

export const formatPrice = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A srcset over the placeholder widths the demo serves, e.g. for `laptop`. */
export const srcsetFor = (
  image: string,
  widths: readonly number[] = [400, 800, 1600],
  query = "",
) => widths.map((w) => `/assets/img/${image}-${w}.svg${query} ${w}w`).join(", ");
