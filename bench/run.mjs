// npm run bench — every case side by side in one run: builds the WASM, bundles each case
// (bench/cases/*.ts) and runs it in its own process, then prints the tables and writes
// bench/results/<YYYY-MM-DD>.json. BENCH_BUDGET_MS (default 1500) scales every case's time budget.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { buildWasm, bundleCase, runBundled } from "./run_case.mjs";
import { formatResults } from "./lib/format.mjs";
import { machineInfo } from "./lib/machine_info.mjs";
import { RESULT_PREFIX_JS } from "./lib/result_prefix.mjs";

const t0 = performance.now();
const date = new Date().toISOString().slice(0, 10);
buildWasm();

const res = { date, machine: machineInfo() };
const node = (name) => { console.error(`\n== ${name}`); return runBundled(process.execPath, [], `build/bench/${name}.mjs`); };
for (const name of ["matmul", "train_mlp", "train_small", "optimizer_step"]) await bundleCase(name);
res.matmul = node("matmul");
res.trainMlp = node("train_mlp");
res.trainSmall = node("train_small");
res.optimizer = node("optimizer_step");

// Case 4: one bundle with everything inlined, run by each runtime.
const runtimeBundle = await bundleCase("runtime_mlp", { external: ["node:*"] });
res.runtimes = [];
for (const [name, cmd, args] of [["node", process.execPath, []], ["deno", "node_modules/.bin/deno", ["run", "-A"]], ["bun", "node_modules/.bin/bun", ["run"]]]) {
  console.error(`\n== runtime ${name}`);
  res.runtimes.push({ name, ...runBundled(cmd, args, runtimeBundle) });
}

// Case 5: torch reference row, only where /usr/bin/python3 has torch (never a dependency).
console.error("\n== torch reference");
// /usr/bin/python3 first: a pyenv/venv python3 earlier on PATH usually lacks the apt torch.
const python = ["/usr/bin/python3", "python3"].find((py) => spawnSync(py, ["-c", "import torch"]).status === 0);
if (!python) res.torch = { skipped: "no python3 that can `import torch`" };
else {
  const r = spawnSync(python, ["bench/torch_mlp.py", "1"], { encoding: "utf8", timeout: 120_000 });
  process.stderr.write(r.stderr ?? "");
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX_JS));
  res.torch = line ? JSON.parse(line.slice(RESULT_PREFIX_JS.length)) : { error: `torch_mlp.py failed: exit ${r.status}` };
}

res.totalSeconds = (performance.now() - t0) / 1e3;
const text = formatResults(res);
res.table = text;
console.log(`\n${text}\n\n(total ${res.totalSeconds.toFixed(0)} s)`);
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/${date}.json`, JSON.stringify(res, null, 2) + "\n");
console.log(`wrote bench/results/${date}.json`);
