// Debian's Chromium driven by playwright-core, against scripts/browser/serve.mjs on an
// ephemeral port (the demo at /, dist/ at /dist/, the test fixtures at /fixtures/).
import { importFromRepo } from "./support.ts";
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS } from "../../scripts/browser/chromium_flags.mjs";

export { CHROMIUM };

/**
 * Opens `path` on a fresh server in a fresh Chromium, runs fn(page, pageErrors), then closes both.
 * `roots`: more URL prefix → repository folder mappings to serve (a test's own bundle).
 * `isolated`: false serves without the cross-origin isolation headers.
 */
export async function withPage(
  path: string, fn: (page: any, pageErrors: string[]) => Promise<void>, roots: Record<string, string> = {}, isolated = true,
): Promise<void> {
  const serve = await importFromRepo("scripts/browser/serve.mjs");
  const server = await serve.startServer({ roots: { ...serve.defaultRoots, "/fixtures/": "tests/runtimes/fixtures", ...roots }, isolated });
  // playwright-core is loaded from node_modules at run time, not bundled into the test.
  const { chromium } = await importFromRepo("node_modules/playwright-core/index.mjs");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 560 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e: Error) => pageErrors.push(String(e)));
    page.on("console", (m: any) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    page.on("response", (r: any) => {
      if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    await page.goto(new URL(path, server.url).href);
    await fn(page, pageErrors);
  } finally {
    await browser.close();
    await server.close();
  }
}
