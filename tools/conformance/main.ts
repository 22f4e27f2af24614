// Conformance runner entry for Node (and Bun/Deno, which provide node:fs and process):
// reads scenario files, runs them through the runtime-agnostic core, prints one line each.
import { writeFileSync } from "node:fs";
// Registers tfjs's "cpu" backend for --backend cpu (a devDependency; the runner is a dev tool).
import "@tensorflow/tfjs-backend-cpu";
import { getNumThreads, init, shutdownThreads, type BackendName } from "../../ts/index.node.ts";
import { fulgur } from "./lib.ts";
import { parseArgs } from "./cli_args.ts";
import { splitEverything } from "../../ts/backend/threads/parallel_kernels.ts";
import { runScenarios } from "./run_scenario.ts";
import { lrFindCompanions, readScenario, scenarioFiles } from "./scenario_files.ts";
import { anyFailed, digestFileText, formatResult, summaryLine } from "./report.ts";

const args = parseArgs(process.argv.slice(2), "../shared/conformance/scenarios");
await init({ backend: args.backend as BackendName, ...(args.threads !== undefined ? { threads: args.threads } : {}) }); // init() rejects a wrong name, listing the valid ones
// With threads, even the small conformance nets go through the pool: the digests prove the split.
if (args.threads !== undefined && args.threads > 1) splitEverything();
if (args.threads !== undefined && getNumThreads() !== args.threads) throw new Error(`--threads ${args.threads}: running on ${getNumThreads()}`);
const files = args.paths.flatMap(scenarioFiles);
// lr_find files find their scenario beside them or in ../scenarios: read those too (not run)
const sources = [...files.map(readScenario), ...lrFindCompanions(files).map((f) => ({ ...readScenario(f), auxiliary: true }))];
const results = await runScenarios(sources, fulgur, { filter: args.filter, resumeFrom: args.resumeFrom, onResult: (r) => console.log(formatResult(r)) });
// name → digest of the recorded run, for comparing runtimes bit for bit.
if (args.digestOut) writeFileSync(args.digestOut, digestFileText(results));
console.log(summaryLine(results));
process.exitCode = anyFailed(results) ? 1 : 0;
shutdownThreads(); // Deno keeps running while its Web Workers live
