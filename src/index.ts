/**
 * Worker entry: the Hono app with the bundled rules, and the Durable Object
 * classes wrangler.toml binds. Wiring only; no logic lives here.
 */
import { createApp, emptyReader } from "./edge/app";
import { bundledRules } from "./edge/bundled-rules";

export { Visitor } from "./state/visitor";

export default createApp({ rules: bundledRules, segments: () => emptyReader });
