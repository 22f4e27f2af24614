// Case 2 peers: the same 784-256-128-10 ReLU MLP, batch 128, Adam(1e-3), cross-entropy,
// as a tfjs-layers model.fit and as a plain tfjs-core loop (optimizer.minimize).
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { BATCH } from "./mlp_fulgur.ts";
import { CLASSES, FEATURES, syntheticMnist } from "./synthetic_mnist.ts";
import { medianGapMs, timeSync } from "./timing.ts";
import type { StepRate } from "./mlp_fulgur.ts";

const rate = (msPerStep: number, steps: number): StepRate =>
  ({ msPerStep, stepsPerS: 1e3 / msPerStep, samplesPerS: (BATCH * 1e3) / msPerStep, steps });

function data() {
  const d = syntheticMnist(16 * BATCH);
  const x = tf.tensor2d(d.x, [d.n, FEATURES]);
  const labels = tf.tensor1d(d.labels, "int32");
  const oneHot = tf.cast(tf.oneHot(labels, CLASSES), "float32");
  labels.dispose();
  return { x, oneHot, n: d.n };
}

/**
 * tfjs-layers: softmax output + categoricalCrossentropy is its cross-entropy on logits.
 * Per-step time = median gap between onBatchEnd callbacks (fit yields to the event loop
 * between batches; that is part of what a model.fit user pays).
 */
export async function benchLayersFit(budgetMs: number): Promise<StepRate> {
  const { x, oneHot, n } = data();
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [FEATURES], units: 256, activation: "relu" }),
      tfl.layers.dense({ units: 128, activation: "relu" }),
      tfl.layers.dense({ units: CLASSES, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const batchesPerEpoch = n / BATCH;
  const stampsOf = async (epochs: number) => {
    const stamps: number[] = [];
    await model.fit(x, oneHot, {
      batchSize: BATCH, epochs, shuffle: true, verbose: 0,
      callbacks: { onBatchEnd: async () => { stamps.push(performance.now()); } },
    });
    return stamps;
  };
  const estimate = medianGapMs(await stampsOf(1));
  const epochs = Math.max(1, Math.min(100, Math.round(budgetMs / estimate / batchesPerEpoch)));
  const msPerStep = medianGapMs(await stampsOf(epochs));
  model.dispose();
  tf.dispose([x, oneHot]);
  return rate(msPerStep, epochs * batchesPerEpoch);
}

/** Plain tfjs-core training loop: variables, tf.train.adam, optimizer.minimize. */
export function benchCoreLoop(budgetMs: number): StepRate {
  const { x, oneHot, n } = data();
  const glorot = (fanIn: number, fanOut: number, seed: number) =>
    tf.variable(tf.randomUniform([fanIn, fanOut], -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)), "float32", seed));
  const w1 = glorot(FEATURES, 256, 1), b1 = tf.variable(tf.zeros([256]));
  const w2 = glorot(256, 128, 2), b2 = tf.variable(tf.zeros([128]));
  const w3 = glorot(128, CLASSES, 3), b3 = tf.variable(tf.zeros([CLASSES]));
  const vars = [w1, b1, w2, b2, w3, b3];
  const optimizer = tf.train.adam(1e-3);
  let batch = 0;
  const t = timeSync(() => {
    const start = (batch++ % (n / BATCH)) * BATCH;
    tf.tidy(() => {
      const xb = tf.slice(x, [start, 0], [BATCH, FEATURES]);
      const yb = tf.slice(oneHot, [start, 0], [BATCH, CLASSES]);
      const loss = optimizer.minimize(() => {
        const h1 = tf.relu(tf.add(tf.matMul(xb, w1), b1));
        const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
        return tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(h2, w3), b3)) as tf.Scalar;
      }, true, vars);
      loss!.dataSync(); // read the loss each step, as a Trainer's logging does
    });
  }, budgetMs, { warmup: 3 });
  optimizer.dispose();
  tf.dispose([x, oneHot, ...vars]);
  return rate(t.medianMs, t.iterations);
}
