/** The client tag stays within its size budget: 2 KB gzipped, everything included. */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildTagSource } from "../../src/cli/build-tag";

const TAG_BUDGET_GZIP_BYTES = 2048;

describe("client tag", () => {
  it(`is at most ${TAG_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const js = await buildTagSource();
    const gzipped = gzipSync(js, { level: 9 }).byteLength;
    console.log(`client tag: ${js.length} bytes minified, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThanOrEqual(TAG_BUDGET_GZIP_BYTES);
  });

  it("is one self-contained strict-mode IIFE, with no imports", async () => {
    const js = await buildTagSource();
    expect(js).not.toMatch(/\brequire\(|\bimport\b/);
    expect(js).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(js.trimEnd().endsWith("})();")).toBe(true);
  });
});
