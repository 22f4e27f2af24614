// Reading scenario files from disk, shared by the Node-side entries (main.ts, chromium_host.ts)
// so every runtime sees the same files in the same order.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioSource } from "./run_scenario.ts";
import { parseScenarioText } from "./scenario_source.ts";

/** A file is itself; a folder is its *.json files, sorted by name. */
export function scenarioFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => f.endsWith(".json")).sort().map((f) => join(path, f));
}

export const readScenario = (file: string): ScenarioSource => parseScenarioText(file, readFileSync(file, "utf8"));
