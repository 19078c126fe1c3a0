/**
 * Worker entry: the Hono app with the bundled rules and the segment read
 * ladder, and the Durable Object classes wrangler.toml binds. Wiring only.
 */
import { bundledRules } from "./bundled-rules";
import { createApp } from "./edge/app";
import { segmentLadder } from "./edge/segment-ladder";

export { Visitor } from "./state/visitor";

export default createApp({
  rules: bundledRules,
  segments: (env, secret) => segmentLadder(env, secret, Date.now),
});
