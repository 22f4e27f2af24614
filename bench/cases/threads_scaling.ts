// Case 10: init({ threads }) scaling, threads 1 / 2 / 4 (where the cores exist) in one process:
// f32 matmul 1024², the 784-256-128-10 MLP Trainer step (case 2's), Adam over 10M parameters, and
// the elementwise / reduction kernels split since (a broadcast add, exp, a whole-tensor sum,
// softmax rows, RMSprop over 10M), a 2048² f32 transpose and contiguous copy (issue 15). Thread
// counts alternate in rounds so load from other processes hits them alike; each figure is the
// median over its rounds (wall time: scaling is about wall time). Peers for the MLP step: torch
// 1.13 eager with its default threads and with the cores (bench/torch_mlp.py, run once per round
// between fulgur's), @jax-js/jax's wasm device (once, after the rounds), tfjs-backend-wasm's
// threaded build (where it starts). Also records the pool dispatch counts (was the pool used?) and
// the load.
import * as tf from "@tensorflow/tfjs-core";
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fromTf, Parameter } from "../../ts/autograd/index.ts";
import { Adam, RMSprop } from "../../ts/optim/index.ts";
import { init, getNumThreads } from "../../ts/index.node.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { copyNd } from "../../ts/backend/kernels/util/nd_copy.ts";
import type { BackendFulgur } from "../../ts/backend/backend_fulgur.ts";
import { budgetMs, emit, RESULT_PREFIX } from "../lib/emit.ts";
import { benchFulgurMlp } from "../lib/mlp_fulgur.ts";
import { median, timeSync } from "../lib/timing.ts";
import { tryTfjsWasmThreaded } from "../lib/tfjs_wasm.ts";
import { benchJaxMlp } from "../lib/mlp_jax.ts";

const cores = availableParallelism();
const counts = [1, 2, 4].filter((n) => n <= Math.max(2, cores));
const ROUNDS = Number(process.env.THREADS_ROUNDS ?? 3);
const budget = budgetMs(0.5);

function timed(setup: () => tf.Tensor[], run: (t: tf.Tensor[]) => tf.Tensor | void, warmup = 1): number {
  const t = setup();
  const ms = timeSync(() => { const r = run(t); if (r) r.dispose(); }, budget, { warmup }).medianMs;
  tf.dispose(t);
  return ms;
}

const u = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, "float32", seed);
const KERNELS: Record<string, () => number> = {
  matmul: () => timed(() => [u([1024, 1024], 1), u([1024, 1024], 2)], ([a, b]) => tf.matMul(a, b)),
  mlp: () => NaN, // async: measured below
  adam: () => optimizerMs((ps) => new Adam(ps, { lr: 1e-3 })),
  rmsprop: () => optimizerMs((ps) => new RMSprop(ps, { lr: 1e-3, momentum: 0.9 })),
  addBias4M: () => timed(() => [u([4096, 1024], 3), u([1024], 4)], ([a, b]) => tf.add(a, b)),
  exp4M: () => timed(() => [u([1 << 22], 5)], ([a]) => tf.exp(a)),
  sum4M: () => timed(() => [u([1 << 22], 6)], ([a]) => tf.sum(a)),
  softmax1024x1024: () => timed(() => [u([1024, 1024], 7)], ([a]) => tf.softmax(a)),
  // issue 15's transpose against memory.copy: on 1 thread `copy2048` is one memory.copy of 16 MiB
  transpose2048: () => timed(() => [u([2048, 2048], 8)], ([a]) => tf.transpose(a)),
  copy2048: () => timed(() => [u([2048, 2048], 9)], ([a]) => contiguousCopy(a)),
};

/** A 2048² copy through copy_nd's contiguous path (memory.copy; cut into bands on the pool). */
function contiguousCopy(a: tf.Tensor): tf.Tensor {
  const be = tf.backend() as unknown as BackendFulgur;
  const [rows, cols] = a.shape as [number, number];
  const out = be.makeOutput([rows, cols], "float32");
  copyNd(be, { dataId: a.dataId, shape: [rows, cols], dtype: a.dtype }, 0, [cols, 1], [rows, cols], out, 0, [cols, 1]);
  return tf.engine().makeTensorFromTensorInfo(out as tf.TensorInfo);
}

function optimizerMs(make: (ps: Parameter[]) => { step(): void }): number {
  const n = 10_000_000, parts = 4;
  const params = Array.from({ length: parts }, (_, i) => {
    const p = new Parameter(tf.randomUniform([n / parts], -1, 1, "float32", i + 1));
    p.grad = fromTf(tf.keep(tf.randomUniform([n / parts], -1, 1, "float32", i + 101)));
    return p;
  });
  const opt = make(params);
  const t = timeSync(() => { opt.step(); }, budget, { warmup: 2 });
  for (const p of params) { p.grad?.value.dispose(); p.value.dispose(); }
  return t.medianMs;
}

/** torch_mlp.py's median step with `threads` ("default": torch's own choice); null when torch is absent. */
function torchMlp(threads: string): { msPerStep: number; threads: number } | { error: string } | null {
  const r = spawnSync("/usr/bin/python3", ["bench/torch_mlp.py", threads], { encoding: "utf8", timeout: 120_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") return null;
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) return { error: `torch_mlp.py ${threads}: exit ${r.status} ${(r.stderr ?? "").trim().split("\n").pop() ?? ""}` };
  const j = JSON.parse(line.slice(RESULT_PREFIX.length));
  return { msPerStep: j.msPerStep, threads: j.threads };
}

const samples: Record<string, Record<number, number[]>> = Object.fromEntries(Object.keys(KERNELS).map((k) => [k, {}]));
const torch: Record<string, number[]> = {};
let torchThreads: Record<string, number> = {};
let torchError: string | null = null;
const dispatched: Record<number, Record<string, number>> = {};
const loads: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const n of counts) {
    await init({ threads: n });
    if (getNumThreads() !== n) throw new Error(`asked for ${n} threads, running ${getNumThreads()}`);
    loads.push(loadavg()[0]);
    for (const [k, f] of Object.entries(KERNELS)) {
      (samples[k][n] ??= []).push(k === "mlp" ? (await benchFulgurMlp(budget)).msPerStep : f());
    }
    if (n > 1) dispatched[n] = { ...fulgurThreadPool()!.dispatched };
    console.log(`round ${r + 1}, ${n} thread(s): ` + Object.keys(KERNELS).map((k) => `${k} ${samples[k][n].at(-1)!.toFixed(2)}`).join(", ") + " ms");
  }
  for (const t of ["default", String(cores)]) {
    const res = torchMlp(t);
    if (res === null) { torchError = "no /usr/bin/python3"; continue; }
    if ("error" in res) { torchError = res.error; continue; }
    (torch[t] ??= []).push(res.msPerStep);
    torchThreads = { ...torchThreads, [t]: res.threads };
    console.log(`round ${r + 1}, torch ${t} (${res.threads} thread(s)): mlp ${res.msPerStep.toFixed(2)} ms`);
  }
}
await init({ threads: 1 });
const table = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([n, xs]) => [n, median(xs)]))]));
const speedup = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([n, ms]) => [n, v[1] / ms]))]));
const torchMs = Object.fromEntries(Object.entries(torch).map(([t, xs]) => [t, median(xs)]));
const best = Math.min(...Object.values(table.mlp));
let jax: unknown;
try {
  jax = await benchJaxMlp(budget);
} catch (e) {
  jax = { error: (e as Error).message };
}
// tfjs-backend-wasm threaded: last, since a failed start may leave its state behind
const tfjsWasmThreaded = await tryTfjsWasmThreaded(Math.max(2, cores));
emit({
  cores, counts, rounds: ROUNDS, loadAvg1m: { min: Math.min(...loads), median: median(loads), max: Math.max(...loads) },
  msMedian: table, speedupVs1: speedup,
  // the transpose on n threads as a share of one memory.copy's bandwidth (1 thread), and of the
  // same copy cut across n threads
  transposeVsMemoryCopy1: Object.fromEntries(Object.entries(table.transpose2048).map(([n, ms]) => [n, (100 * table.copy2048[1]) / ms])),
  transposeVsCopySameThreads: Object.fromEntries(Object.entries(table.transpose2048).map(([n, ms]) => [n, (100 * table.copy2048[n]) / ms])),
  matmulGflops: Object.fromEntries(Object.entries(table.matmul).map(([n, ms]) => [n, (2 * 1024 ** 3) / ms / 1e6])),
  torchMlp: torchError && Object.keys(torchMs).length === 0 ? { error: torchError } : { msMedian: torchMs, threads: torchThreads },
  fulgurBestMlpVsTorchDefault: torchMs.default ? torchMs.default / best : null,
  jaxMlp: jax,
  tfjsWasmThreaded: tfjsWasmThreaded === null ? "started (not timed)" : `fails: ${tfjsWasmThreaded}`,
  dispatched,
});
process.exit(0);
