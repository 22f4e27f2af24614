// Case 10: init({ threads }) scaling, threads 1 / 2 / 4 (where the cores exist) in one process:
// f32 matmul 1024², the 784-256-128-10 MLP Trainer step (case 2's), Adam over 10M parameters.
// Thread counts alternate in rounds so load from other processes hits them alike; each figure is
// the median over its rounds. Also records the pool dispatch counts (was the pool used?).
import * as tf from "@tensorflow/tfjs-core";
import { availableParallelism } from "node:os";
import { fromTf, Parameter } from "../../ts/autograd/index.ts";
import { Adam } from "../../ts/optim/index.ts";
import { init, getNumThreads } from "../../ts/index.node.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { benchFulgurMlp } from "../lib/mlp_fulgur.ts";
import { median, timeSync } from "../lib/timing.ts";

const cores = availableParallelism();
const counts = [1, 2, 4].filter((n) => n <= Math.max(2, cores));
const ROUNDS = 3;
const budget = budgetMs(0.5);

function matmulMs(): number {
  const a = tf.randomUniform([1024, 1024], -1, 1, "float32", 1), b = tf.randomUniform([1024, 1024], -1, 1, "float32", 2);
  const t = timeSync(() => { tf.matMul(a, b).dispose(); }, budget, { warmup: 1 });
  tf.dispose([a, b]);
  return t.medianMs;
}

function adamMs(): number {
  const n = 10_000_000, parts = 4;
  const params = Array.from({ length: parts }, (_, i) => {
    const p = new Parameter(tf.randomUniform([n / parts], -1, 1, "float32", i + 1));
    p.grad = fromTf(tf.keep(tf.randomUniform([n / parts], -1, 1, "float32", i + 101)));
    return p;
  });
  const opt = new Adam(params, { lr: 1e-3 });
  const t = timeSync(() => { opt.step(); }, budget, { warmup: 2 });
  for (const p of params) { p.grad?.value.dispose(); p.value.dispose(); }
  return t.medianMs;
}

const samples: Record<string, Record<number, number[]>> = { matmul: {}, mlp: {}, adam: {} };
const dispatched: Record<number, Record<string, number>> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const n of counts) {
    await init({ threads: n });
    if (getNumThreads() !== n) throw new Error(`asked for ${n} threads, running ${getNumThreads()}`);
    (samples.matmul[n] ??= []).push(matmulMs());
    (samples.mlp[n] ??= []).push((await benchFulgurMlp(budget)).msPerStep);
    (samples.adam[n] ??= []).push(adamMs());
    if (n > 1) dispatched[n] = { ...fulgurThreadPool()!.dispatched };
    console.log(`round ${r + 1}, ${n} thread(s): matmul ${samples.matmul[n].at(-1)!.toFixed(1)} ms, mlp ${samples.mlp[n].at(-1)!.toFixed(2)} ms, adam ${samples.adam[n].at(-1)!.toFixed(1)} ms`);
  }
}
await init({ threads: 1 });
const table = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([n, xs]) => [n, median(xs)]))]));
const speedup = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([n, ms]) => [n, v[1] / ms]))]));
emit({ cores, counts, msMedian: table, speedupVs1: speedup, matmulGflops: Object.fromEntries(Object.entries(table.matmul).map(([n, ms]) => [n, (2 * 1024 ** 3) / ms / 1e6])), dispatched });
