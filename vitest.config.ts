/**
 * Two test projects:
 *  - "workerd": everything that touches Workers APIs, run inside workerd by the
 *    Cloudflare vitest plugin with the real bindings from wrangler.toml; the
 *    origin is the declared stub in test/fixtures/origin-stub.ts.
 *  - "node": the pure engine (proving it needs no Workers runtime) and the
 *    real-Chromium end-to-end tests in test/e2e.
 */
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { originStub } from "./test/fixtures/origin-stub.ts";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { COOKIE_SECRET: "test-cookie-secret", ENVIRONMENT: "test" },
              outboundService: originStub,
            },
          }),
        ],
        test: {
          name: "workerd",
          include: ["test/edge/**/*.test.ts", "test/state/**/*.test.ts", "test/faults/*.test.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: [
            "test/engine/**/*.test.ts",
            "test/collect/**/*.test.ts",
            "test/faults/runtime/**/*.test.ts",
            "test/e2e/**/*.test.ts",
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
