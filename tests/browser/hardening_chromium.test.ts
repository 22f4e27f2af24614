// The hardening table (issue 22) in headless Chromium: tests/hardening/table_rows.ts — every row:
// optimizers, schedulers, DataLoader, init, Trainer flags, configureOptimizers returns, data
// shapes, nn layer constructors, callbacks; none touches a file system — bundled for the
// browser and run in one page on fulgur-wasm, asserting the same error class, message fragment,
// and unchanged parameters / generator state / Object.prototype as under Node, Deno and Bun.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { importFromRepo, notOnNodeReason, repo } from "../runtimes/support.ts";
import { CHROMIUM, withPage } from "../runtimes/chromium.ts";
import { ALL_ROWS } from "../hardening/table_rows.ts";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);
const OUT = join("build", "browser_hardening", String(process.pid));

/** table_rows.ts imports init from the Node entry: the page gets the browser one. */
const browserEntry = {
  name: "fulgur-browser-entry",
  setup(build: any) {
    build.onResolve({ filter: /index\.node\.ts$/ }, (args: any) =>
      resolve(args.resolveDir, args.path) === resolve(repo, "ts/index.node.ts") ? { path: resolve(repo, "ts/index.browser.ts") } : undefined);
  },
};

let result: { backend: string; names: string[]; checked: number; failures: string[] };
let pageErrors: string[] = [];

if (!skip) {
  before(async () => {
    const { bundleBrowser, browserOptions } = await importFromRepo("scripts/bundle.mjs");
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    await bundleBrowser({ page: "tests/hardening/table_page.ts" }, OUT, { plugins: [...browserOptions.plugins, browserEntry] });
    writeFileSync(join(OUT, "index.html"), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="page.mjs"></script>\n');
    try {
      await withPage("/hardening/index.html", async (page, errors) => {
        await page.waitForFunction("globalThis.fulgurTable !== undefined", null, { timeout: 30_000 });
        result = await page.evaluate("globalThis.fulgurTable.run()");
        pageErrors = errors;
      }, { "/hardening/": OUT });
    } finally {
      rmSync(OUT, { recursive: true, force: true });
    }
  }, { timeout: 180_000 });
}

test("every row of the hardening table gives the same named error in Chromium, nothing the user had changes", { skip: skip ?? false }, () => {
  assert.equal(result.backend, "fulgur-wasm");
  // the page ran every row Node runs, in the same order
  assert.deepEqual(result.names, ALL_ROWS.map(([name]) => name));
  assert.equal(result.checked, ALL_ROWS.length);
  assert.deepEqual(result.failures, []);
  assert.deepEqual(pageErrors, []);
  console.log(`chromium: ${result.checked} rows of the hardening table, all with the expected error`);
});
