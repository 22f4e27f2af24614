// npm run bench — every case side by side in one run: builds the WASM, bundles each case
// (bench/cases/*.ts) and runs it in its own process, then prints the tables and writes
// bench/results/<YYYY-MM-DD>.json. BENCH_BUDGET_MS (default 1500) scales every case's time budget.
// `node bench/run.mjs movement matmul` runs only the named cases (matmul, train_mlp, train_small,
// optimizer_step, runtimes, torch, movement, conv, transformer, memory_long_run); the results file then holds only those.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { buildWasm, bundleCase, runBundled } from "./run_case.mjs";
import { formatResults } from "./lib/format.mjs";
import { machineInfo } from "./lib/machine_info.mjs";
import { RESULT_PREFIX_JS } from "./lib/result_prefix.mjs";

const t0 = performance.now();
const date = new Date().toISOString().slice(0, 10);
buildWasm();

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);
const res = { date, machine: machineInfo() };
const node = async (name) => {
  if (!wanted(name)) return undefined;
  await bundleCase(name);
  console.error(`\n== ${name}`);
  return runBundled(process.execPath, [], `build/bench/${name}.mjs`);
};
res.matmul = await node("matmul");
res.trainMlp = await node("train_mlp");
res.trainSmall = await node("train_small");
res.optimizer = await node("optimizer_step");

// Case 4: one bundle with everything inlined, run by each runtime.
if (wanted("runtimes")) {
  const runtimeBundle = await bundleCase("runtime_mlp", { external: ["node:*"] });
  res.runtimes = [];
  for (const [name, cmd, args] of [["node", process.execPath, []], ["deno", "node_modules/.bin/deno", ["run", "-A"]], ["bun", "node_modules/.bin/bun", ["run"]]]) {
    console.error(`\n== runtime ${name}`);
    res.runtimes.push({ name, ...runBundled(cmd, args, runtimeBundle) });
  }
}

// Case 6: data-movement kernels (transpose vs memory.copy; cat, gather, indexSelect, reductions vs tfjs-wasm).
res.movement = await node("movement");

// Case 7: convolution (Conv2D GFLOP/s vs tfjs-wasm beside fulgur's matmul; a LeNet training step vs
// tfjs-layers fit and torch eager, which the case runs itself: bench/torch_lenet.py).
res.conv = await node("conv");

// Case 9: a transformer block's training step vs torch eager, 1 thread (bench/torch_transformer.py).
res.transformer = await node("transformer");

// Case 8: checkpoints of a 10M-parameter model with Adam, binary beside JSON (size, save / load MB/s).
res.checkpoint = await node("checkpoint");

// Trainer(detectNonFinite)'s cost in the MLP case: the check alone beside the step it guards.
res.nonFiniteCheck = await node("non_finite_check");

// Issue 22: 10,000 steps of the digits MLP, live tensors and WASM memory after warm-up, on each runtime.
if (wanted("memory_long_run")) {
  const file = await bundleCase("memory_long_run", { external: ["node:*"] });
  res.memoryLongRun = [];
  for (const [name, cmd, args] of [["node", process.execPath, []], ["deno", "node_modules/.bin/deno", ["run", "-A"]], ["bun", "node_modules/.bin/bun", ["run"]]]) {
    console.error(`\n== memory_long_run ${name}`);
    res.memoryLongRun.push({ name, ...runBundled(cmd, args, file, { timeoutMs: 900_000 }) });
  }
}

// Case 5: torch reference row, only where /usr/bin/python3 has torch (never a dependency).
// /usr/bin/python3 first: a pyenv/venv python3 earlier on PATH usually lacks the apt torch.
const python = wanted("torch") ? ["/usr/bin/python3", "python3"].find((py) => spawnSync(py, ["-c", "import torch"]).status === 0) : undefined;
if (wanted("torch")) console.error("\n== torch reference");
if (!wanted("torch")) res.torch = undefined;
else if (!python) res.torch = { skipped: "no python3 that can `import torch`" };
else {
  const r = spawnSync(python, ["bench/torch_mlp.py", "1"], { encoding: "utf8", timeout: 120_000 });
  process.stderr.write(r.stderr ?? "");
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX_JS));
  res.torch = line ? JSON.parse(line.slice(RESULT_PREFIX_JS.length)) : { error: `torch_mlp.py failed: exit ${r.status}` };
}

res.totalSeconds = (performance.now() - t0) / 1e3;
const text = [formatResults(res), res.conv?.table, res.transformer?.table].filter(Boolean).join("\n\n");
res.table = text;
console.log(`\n${text}\n\n(total ${res.totalSeconds.toFixed(0)} s)`);
mkdirSync("bench/results", { recursive: true });
const file = only.length ? `bench/results/${date}-${only.join("-")}.json` : `bench/results/${date}.json`;
writeFileSync(file, JSON.stringify(res, null, 2) + "\n");
console.log(`wrote ${file}`);
