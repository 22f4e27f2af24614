// Scenario file text → what the core runs, on every runtime (browser included: no node: imports).
import type { ScenarioSource } from "./run_scenario.ts";

/** Parses a scenario file; a parse error is kept (the core reports it as a FAIL), not thrown. */
export function parseScenarioText(source: string, text: string): ScenarioSource {
  try {
    return { source, raw: JSON.parse(text) };
  } catch (e) {
    return { source, raw: null, parseError: (e as Error).message };
  }
}
