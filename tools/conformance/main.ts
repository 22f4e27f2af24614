// Conformance runner entry for Node (and Bun/Deno, which provide node:fs and process):
// reads scenario files, runs them through the runtime-agnostic core, prints one line each.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// Registers tfjs's "cpu" backend for --backend cpu (a devDependency; the runner is a dev tool).
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "./lib.ts";
import { parseArgs } from "./cli_args.ts";
import { runScenarios, type ScenarioSource } from "./run_scenario.ts";
import { anyFailed, formatResult, summaryLine } from "./report.ts";

function scenarioFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => f.endsWith(".json")).sort().map((f) => join(path, f));
}

function readScenario(file: string): ScenarioSource {
  try {
    return { source: file, raw: JSON.parse(readFileSync(file, "utf8")) };
  } catch (e) {
    return { source: file, raw: null, parseError: (e as Error).message };
  }
}

const args = parseArgs(process.argv.slice(2), "../shared/conformance/scenarios");
await init({ backend: args.backend });
const sources = args.paths.flatMap(scenarioFiles).map(readScenario);
const results = await runScenarios(sources, fulgur, { filter: args.filter, onResult: (r) => console.log(formatResult(r)) });
if (args.digestOut) {
  // name → digest of the recorded run, for comparing runtimes bit for bit.
  const digests = Object.fromEntries(results.filter((r) => r.digest).map((r) => [r.name, r.digest]));
  writeFileSync(args.digestOut, JSON.stringify(digests, null, 1) + "\n");
}
console.log(summaryLine(results));
process.exitCode = anyFailed(results) ? 1 : 0;
