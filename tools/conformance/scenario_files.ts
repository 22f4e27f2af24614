// Reading scenario files from disk, shared by the Node-side entries (main.ts, chromium_host.ts)
// so every runtime sees the same files in the same order.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isLrFindReference, scenarioCandidates } from "./run_lr_find.ts";
import type { ScenarioSource } from "./run_scenario.ts";
import { parseScenarioText } from "./scenario_source.ts";

/** A file is itself; a folder is its *.json files, sorted by name. */
export function scenarioFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => f.endsWith(".json")).sort().map((f) => join(path, f));
}

export const readScenario = (file: string): ScenarioSource => parseScenarioText(file, readFileSync(file, "utf8"));

/**
 * The scenario files the lr_find files among `files` name (beside each, else in the sibling
 * `scenarios/` folder) that `files` does not already hold: read for lookup, not run.
 */
export function lrFindCompanions(files: string[]): string[] {
  const out: string[] = [];
  const have = new Set(files.map((f) => resolve(f)));
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    if (!isLrFindReference(raw)) continue;
    const found = scenarioCandidates(file, raw.scenario).find((c) => existsSync(c));
    if (found && !have.has(resolve(found))) {
      have.add(resolve(found));
      out.push(found);
    }
  }
  return out;
}
