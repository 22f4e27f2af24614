// Node side of `npm run conformance -- --runtime chromium`: serves the browser bundle
// (build/conformance/browser/, made by run.mjs) and copies of the chosen scenario files on
// 127.0.0.1, runs them in Debian's Chromium through playwright-core, and prints exactly the
// lines main.ts prints (PASS/FAIL/SKIP, then the summary), writing --digest-out the same way.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { parseArgs } from "./cli_args.ts";
import { lrFindCompanions, scenarioFiles } from "./scenario_files.ts";
import { anyFailed, digestFileText, formatResult, summaryLine, type ScenarioResult } from "./report.ts";
import type { BrowserRunConfig } from "./main_browser.ts";
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS } from "../../scripts/browser/chromium_flags.mjs";


/** The page calls this (exposed by the host) with each result. */
const RESULT_BINDING = "__fulgurConformanceResult";

// This file runs bundled as build/conformance/chromium_host.mjs.
const here = new URL("./", import.meta.url);
const browserBundle = fileURLToPath(new URL("./browser/", here));

if (!existsSync(CHROMIUM)) {
  console.error(`--runtime chromium needs Chromium at ${CHROMIUM}, which is missing (Debian: apt-get install chromium)`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2), "../shared/conformance/scenarios");
const files = args.paths.flatMap(scenarioFiles);
// the scenarios lr_find files name, served for lookup only (not run)
const companions = lrFindCompanions(files);

// The served site holds only what the run needs: a blank page, copies of the chosen scenarios
// (numbered, so names cannot collide), and the bundle folder.
const site = mkdtempSync(join(tmpdir(), "fulgur-conformance-"));
let failed = true;
try {
  mkdirSync(join(site, "scenarios"));
  const config: BrowserRunConfig = {
    backend: args.backend,
    filter: args.filter,
    scenarios: [...files, ...companions].map((file, i) => {
      const name = `${String(i).padStart(4, "0")}.json`;
      copyFileSync(file, join(site, "scenarios", name));
      return { source: file, url: `/scenarios/${name}`, auxiliary: i >= files.length };
    }),
  };
  writeFileSync(join(site, "index.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>fulgur conformance</title>\n');

  const serve = await import(new URL("../../scripts/browser/serve.mjs", here).href);
  const server = await serve.startServer({ roots: { "/": site, "/runner/": browserBundle } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage();
    // What the library prints (warnings) goes where Node would print it.
    page.on("console", (m) => (m.type() === "warning" || m.type() === "error" ? console.error : console.log)(m.text()));
    page.on("pageerror", (e) => console.error(`page error: ${e}`));
    page.on("response", (r) => {
      if (r.status() >= 400) console.error(`HTTP ${r.status()} for ${r.url()}`);
    });
    await page.exposeFunction(RESULT_BINDING, (r: ScenarioResult) => console.log(formatResult(r)));
    await page.goto(new URL("index.html", server.url).href);
    const crashed = new Promise<never>((_, fail) => page.on("crash", () => fail(new Error("the Chromium page crashed"))));
    // A string, not a function: the host bundle's helpers (keepNames) do not exist in the page.
    const script = `import(${JSON.stringify("/runner/main_browser.mjs")})
      .then((m) => m.runInBrowser(${JSON.stringify(config)}, (r) => window.${RESULT_BINDING}(r)))`;
    const results = (await Promise.race([page.evaluate(script), crashed])) as ScenarioResult[];
    if (args.digestOut) writeFileSync(args.digestOut, digestFileText(results));
    console.log(summaryLine(results));
    failed = anyFailed(results);
  } finally {
    await browser.close();
    await server.close();
  }
} catch (e) {
  console.error(`conformance in Chromium could not run: ${(e as Error).stack ?? e}`);
} finally {
  rmSync(site, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
