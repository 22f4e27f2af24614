// Case 10's split thresholds (ts/backend/threads/split_kernels.ts): per kernel family, the median
// time of one op at sizes 2^10..2^18 elements on the calling thread alone and split across 2
// threads (thresholds forced to 0), side by side; the crossover is where splitting starts to pay.
// `node bench/run_case.mjs threads_thresholds` (wall time; meaningful on an idle machine only).
import * as tf from "@tensorflow/tfjs-core";
import { loadavg } from "node:os";
import { init } from "../../ts/index.node.ts";
import { elementwiseThresholds } from "../../ts/backend/threads/split_kernels.ts";
import { emit } from "../lib/emit.ts";
import { median } from "../lib/timing.ts";

await init({ threads: 2 });
const saved = { ...elementwiseThresholds };
const FAMILIES: Record<string, [keyof typeof elementwiseThresholds, (n: number) => tf.Tensor[], (t: tf.Tensor[]) => tf.Tensor]> = {
  "add (binary)": ["binary", (n) => [tf.randomUniform([n]), tf.randomUniform([n])], ([a, b]) => tf.add(a, b)],
  "relu (cheap unary)": ["unaryCheap", (n) => [tf.randomUniform([n], -1, 1)], ([a]) => tf.relu(a)],
  "exp (transcendental)": ["unaryTranscendental", (n) => [tf.randomUniform([n], -1, 1)], ([a]) => tf.exp(a)],
  "sum rows of 256 (reduce)": ["reduce", (n) => [tf.randomUniform([n / 256, 256])], ([a]) => tf.sum(a, 1)],
  "softmax rows of 256": ["softmax", (n) => [tf.randomUniform([n / 256, 256])], ([a]) => tf.softmax(a)],
};
const result: Record<string, Record<number, { one: number; split: number }>> = {};
for (const [name, [key, make, run]] of Object.entries(FAMILIES)) {
  result[name] = {};
  for (let e = 10; e <= 18; e++) {
    const n = 1 << e, inputs = make(n);
    const samples = { one: [] as number[], split: [] as number[] };
    for (let round = 0; round < 200; round++) {
      for (const mode of ["one", "split"] as const) {
        elementwiseThresholds[key] = mode === "one" ? Infinity : 0;
        const t0 = performance.now();
        run(inputs).dispose();
        samples[mode].push(performance.now() - t0);
      }
    }
    tf.dispose(inputs);
    result[name][n] = { one: median(samples.one) * 1e3, split: median(samples.split) * 1e3 };
  }
  elementwiseThresholds[key] = saved[key];
  console.log(name, Object.entries(result[name]).map(([n, r]) => `2^${Math.log2(+n)}: ${r.one.toFixed(1)}/${r.split.toFixed(1)} µs`).join("  "));
}
emit({ loadAvg1m: loadavg()[0], microsecondsOneVsSplit: result, thresholds: saved });
process.exit(0);
