/**
 * Serves the client tag: /__ep/tag.<hash>.js with a year of immutable caching
 * (the hash changes with every build), and /__ep/tag.js for anyone who needs a
 * stable URL (five minutes of caching). Nothing else lives here.
 */
import { Hono } from "hono";
import { TAG_HASH, TAG_JS } from "../generated/client-tag";

export const TAG_PATH = `/__ep/tag.${TAG_HASH}.js`;

const JS = "text/javascript; charset=utf-8";

export function tagRoute() {
  const route = new Hono();
  route.get(TAG_PATH, (c) =>
    c.body(TAG_JS, 200, {
      "content-type": JS,
      "cache-control": "public, max-age=31536000, immutable",
    }),
  );
  route.get("/__ep/tag.js", (c) =>
    c.body(TAG_JS, 200, { "content-type": JS, "cache-control": "public, max-age=300" }),
  );
  return route;
}
