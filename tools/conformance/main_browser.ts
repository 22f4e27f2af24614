// Conformance runner entry for browsers: the page's side of `--runtime chromium`. The Node host
// (chromium_host.ts) serves the scenario files and calls runInBrowser() in the page; results
// come back through a function the host exposes, so it prints exactly what main.ts prints.
// Registers tfjs's "cpu" backend for --backend cpu, as main.ts does.
import "@tensorflow/tfjs-backend-cpu";
import { init, type BackendName } from "../../ts/index.browser.ts";
import { fulgur } from "./lib.ts";
import { runScenarios } from "./run_scenario.ts";
import { parseScenarioText } from "./scenario_source.ts";
import type { ScenarioResult } from "./report.ts";

export interface BrowserScenario {
  /** The file's path on the host, named in messages as main.ts names it. */
  source: string;
  /** Where the page fetches it (same origin). */
  url: string;
  /** A scenario an lr_find file names: looked up, not run. */
  auxiliary?: boolean;
}

export interface BrowserRunConfig {
  backend: string;
  filter?: string;
  scenarios: BrowserScenario[];
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch scenario ${url}: HTTP ${res.status}`);
  return res.text();
}

/** Runs every scenario in the page; `report` receives each result as it finishes (in order). */
export async function runInBrowser(config: BrowserRunConfig, report: (r: ScenarioResult) => unknown): Promise<ScenarioResult[]> {
  await init({ backend: config.backend as BackendName }); // init() rejects a wrong name, listing the valid ones
  const sources = await Promise.all(config.scenarios.map(async (s) => ({ ...parseScenarioText(s.source, await fetchText(s.url)), auxiliary: s.auxiliary })));
  // The host prints inside `report`; awaiting its calls keeps every line ahead of the summary.
  const reported: unknown[] = [];
  const results = await runScenarios(sources, fulgur, { filter: config.filter, onResult: (r) => reported.push(report(r)) });
  await Promise.all(reported);
  return results;
}
