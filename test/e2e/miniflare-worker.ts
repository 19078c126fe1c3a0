/**
 * Runs the Worker in workerd through Miniflare's API, built (with the current
 * client tag) from a given rules directory into a temporary bundle, so a test can use different thresholds
 * without touching src/generated/ (which other test runs share). Bindings
 * mirror wrangler.toml: the Visitor object (SQLite) and the snapshot KV.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { buildTag } from "../../src/cli/build-tag";
import { bundleRules } from "../../src/cli/bundle-rules";
import { freePort } from "./wrangler-dev";

export interface LocalWorker {
  url: string;
  mf: Miniflare;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Keep Durable Object and KV data in this directory, so a restarted runtime finds it again. */
  persistTo?: string;
}

export async function startWorker(
  rulesDir: string,
  bindings: Record<string, string> = {},
  options: WorkerOptions = {},
): Promise<LocalWorker> {
  const dir = mkdtempSync(join(tmpdir(), "ep-worker-"));
  const rulesOut = join(dir, "rules-bundle.ts");
  const bundled = bundleRules(rulesDir, rulesOut);
  if (!bundled.ok) throw new Error(bundled.report);
  const tagOut = join(dir, "client-tag.ts");
  await buildTag(tagOut);
  const script = join(dir, "worker.js");
  await build({
    entryPoints: ["src/index.ts"],
    bundle: true,
    format: "esm",
    target: "es2022",
    outfile: script,
    external: ["cloudflare:*"],
    plugins: [
      {
        name: "generated-from-temp-dir",
        setup(b) {
          b.onResolve({ filter: /\/generated\/rules-bundle$/ }, () => ({
            path: resolve(rulesOut),
          }));
          b.onResolve({ filter: /\/generated\/client-tag$/ }, () => ({ path: resolve(tagOut) }));
        },
      },
    ],
  });
  const port = await freePort();
  const mf = new Miniflare({
    modules: true,
    scriptPath: script,
    modulesRoot: dir,
    compatibilityDate: "2026-04-01",
    host: "127.0.0.1",
    port,
    durableObjects: { VISITOR: { className: "Visitor", useSQLite: true } },
    kvNamespaces: ["SEGMENT_SNAPSHOTS"],
    ...(options.persistTo
      ? {
          durableObjectsPersist: join(options.persistTo, "do"),
          kvPersist: join(options.persistTo, "kv"),
        }
      : {}),
    bindings: { ORIGIN_URL: "", ENVIRONMENT: "development", ...bindings },
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return { url, mf, stop: () => mf.dispose() };
}
