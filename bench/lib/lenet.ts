// The LeNet-style CNN of the conv case: [64, 1, 28, 28] → conv 6@5×5 → ReLU → maxpool 2 →
// conv 16@5×5 → ReLU → maxpool 2 → 256 → linear 120 → ReLU → linear 10, cross-entropy, Adam(1e-3).
// fulgur: functional ops + Parameters; tfjs-layers: the same model through `fit`.
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { crossEntropy } from "../../ts/nn/functional.ts";
import { Adam } from "../../ts/optim/index.ts";
import process from "node:process";
import { syntheticMnist } from "./synthetic_mnist.ts";
import { medianGapMs, timeSync } from "./timing.ts";

export const LENET_BATCH = 64;
const BATCHES = 8;

export interface StepRate { msPerStep: number; stepsPerS: number; samplesPerS: number; steps: number; cpuMsPerStep?: number }
const rate = (msPerStep: number, steps: number): StepRate =>
  ({ msPerStep, stepsPerS: 1e3 / msPerStep, samplesPerS: (LENET_BATCH * 1e3) / msPerStep, steps });

/** Uniform(−1/√fanIn, 1/√fanIn) from a fixed LCG (torch's default init range). */
function param(shape: number[], fanIn: number, seed: number): ag.Parameter {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1), bound = 1 / Math.sqrt(fanIn);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s / 2 ** 31 - 1) * bound;
  }
  return new ag.Parameter(tf.tensor(v, shape));
}

/** fulgur: forward, backward and Adam.step per batch, loss read back each step. */
export function benchFulgurLenet(budgetMs: number): StepRate {
  const d = syntheticMnist(BATCHES * LENET_BATCH);
  const xs = ag.keep(ag.tensor(d.x, [d.n, 1, 28, 28]));
  const p = {
    c1w: param([6, 1, 5, 5], 25, 1), c1b: param([6], 25, 2),
    c2w: param([16, 6, 5, 5], 150, 3), c2b: param([16], 150, 4),
    f1w: param([120, 256], 256, 5), f1b: param([120], 256, 6),
    f2w: param([10, 120], 120, 7), f2b: param([10], 120, 8),
  };
  const opt = new Adam(Object.values(p), { lr: 1e-3 });
  let i = 0;
  const cpu0 = process.cpuUsage();
  const t = timeSync(() => {
    ag.scope(() => {
      const b = i++ % BATCHES;
      const x = ag.fromTf(tf.slice(xs.value, [b * LENET_BATCH, 0, 0, 0], [LENET_BATCH, 1, 28, 28]));
      let h = ops.maxPool2d(ops.relu(ops.conv2d(x, p.c1w, p.c1b)), 2);
      h = ops.maxPool2d(ops.relu(ops.conv2d(h, p.c2w, p.c2b)), 2);
      h = ops.linear(ops.relu(ops.linear(ops.reshape(h, [LENET_BATCH, 256]), p.f1w, p.f1b)), p.f2w, p.f2b);
      const loss = crossEntropy(h, d.labels.subarray(b * LENET_BATCH, (b + 1) * LENET_BATCH));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      loss.item();
    });
  }, budgetMs, { warmup: 3 });
  const cpu = process.cpuUsage(cpu0);
  // CPU time per step: steadier than wall time on a shared machine (warm-up steps included)
  return { ...rate(t.medianMs, t.iterations), cpuMsPerStep: (cpu.user + cpu.system) / 1e3 / (t.iterations + 3) };
}

/** tfjs-layers `fit` on the active backend; median gap between onBatchEnd callbacks. */
export async function benchLayersLenet(budgetMs: number): Promise<StepRate> {
  const d = syntheticMnist(BATCHES * LENET_BATCH);
  // NHWC, tfjs-layers' layout
  const x = tf.transpose(tf.tensor4d(d.x, [d.n, 1, 28, 28]), [0, 2, 3, 1]);
  const y = tf.cast(tf.oneHot(tf.tensor1d(d.labels, "int32"), 10), "float32");
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, activation: "relu" }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation: "relu" }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 120, activation: "relu" }),
      tfl.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const stampsOf = async (epochs: number) => {
    const stamps: number[] = [];
    await model.fit(x, y, {
      batchSize: LENET_BATCH, epochs, shuffle: true, verbose: 0,
      callbacks: { onBatchEnd: async () => { stamps.push(performance.now()); } },
    });
    return stamps;
  };
  try {
    const first = await stampsOf(1);
    const estimate = medianGapMs(first);
    // a slow peer (tfjs-cpu: ~1 s per step) is timed on its first epoch alone
    if (estimate * BATCHES * 2 > budgetMs) return rate(estimate, BATCHES);
    const epochs = Math.max(1, Math.min(50, Math.round(budgetMs / estimate / BATCHES)));
    return rate(medianGapMs(await stampsOf(epochs)), epochs * BATCHES);
  } finally {
    model.dispose();
    tf.dispose([x, y]);
  }
}
