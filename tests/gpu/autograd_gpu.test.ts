// Autograd ops forward and backward on webgpu against fulgur-wasm: same inputs, the loss
// weighted by a fixed tensor (so every gradient element differs), within 1e-5.
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import * as F from "../../ts/nn/functional.ts";
import { assertClose, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
const X = seeded(12, 3), Y = seeded(12, 4), W = seeded(16, 5), M = seeded(12, 6);
const t = (v: Float32Array, shape: number[]) => new Tensor(tf.tensor(v, shape, "float32"));

// Each case: inputs x, y (requiresGrad) of shape [3, 4] → an output of any shape.
const CASES: Array<[string, (x: Tensor, y: Tensor) => Tensor]> = [
  ["add / sub / mul / div", (x, y) => ops.div(ops.mul(ops.add(x, y), ops.sub(x, y)), ops.add(ops.square(y), 1.5))],
  ["pow / sqrt / abs / exp / log", (x, y) => ops.add(ops.pow(ops.abs(x), 1.7), ops.log(ops.add(ops.sqrt(ops.abs(y)), ops.exp(x))))],
  ["maximum / minimum / clamp / sign", (x, y) => ops.add(ops.mul(ops.maximum(x, y), ops.minimum(x, y)), ops.mul(ops.clamp(x, -0.3, 0.4), ops.sign(y)))],
  ["matmul / linear / transpose", (x, y) => ops.add(ops.mean(ops.linear(x, y)), ops.matmul(ops.transpose(x, 0, 1), y))],
  ["linear with bias (one fused dispatch on webgpu)", (x, y) => ops.linear(x, y, ops.sum(y, 1))],
  ["tanh / sigmoid / relu / leakyRelu", (x, y) => ops.add(ops.mul(ops.tanh(x), ops.sigmoid(y)), ops.add(ops.relu(x), ops.leakyRelu(y, 0.1)))],
  ["gelu / softplus / log1p", (x, y) => ops.add(ops.gelu(x), ops.add(ops.softplus(y), ops.log1p(ops.abs(x))))],
  ["softmax / logSoftmax / reshape / sum / mean", (x, y) => ops.add(ops.reshape(ops.softmax(x, 1), [12]), ops.reshape(ops.logSoftmax(y, 0), [12]))],
  ["mse / l1 / smoothL1 / bceWithLogits", (x, y) => ops.add(ops.add(F.mseLoss(x, y), F.l1Loss(x, y)), ops.add(F.smoothL1Loss(x, y, 0.5), F.binaryCrossEntropyWithLogits(x, ops.sigmoid(y))))],
  ["crossEntropy", (x, y) => ops.add(F.crossEntropy(x, [0, 3, 1]), ops.mean(y))],
  ["crossEntropy with an ignored row / logSoftmax last dim", (x, y) => ops.add(F.crossEntropy(x, [2, -100, 1]), ops.mean(ops.logSoftmax(y, 1)))],
  ["nllLoss / relu", (x, y) => F.nllLoss(ops.relu(ops.logSoftmax(ops.mul(x, y), -1)), [3, 3, 0])],
];

function run(f: (x: Tensor, y: Tensor) => Tensor): { out: tf.Tensor; gx: tf.Tensor; gy: tf.Tensor } {
  const x = new Parameter(tf.tensor(X, [3, 4], "float32"));
  const y = new Parameter(tf.tensor(Y, [3, 4], "float32"));
  const out = f(x, y);
  const w = t(W.subarray(0, out.size), out.shape);
  ops.sum(ops.mul(out, w)).backward();
  return { out: out.value, gx: x.grad!.value, gy: y.grad!.value };
}

async function read(r: { out: tf.Tensor; gx: tf.Tensor; gy: tf.Tensor }): Promise<Float32Array[]> {
  return Promise.all([r.out, r.gx, r.gy].map(async (v) => (await v.data()) as Float32Array));
}

for (const [name, f] of CASES) {
  test(`webgpu forward/backward matches fulgur-wasm: ${name}`, { skip }, async () => {
    const want = await onWasm(() => read(run(f)));
    const got = await read(run(f));
    ["output", "grad x", "grad y"].forEach((what, k) => assertClose(got[k], want[k], 1e-5, 1e-5, `${name}: ${what}`));
  });
}

test("a Linear-Tanh-Linear step's gradients match fulgur-wasm", { skip }, async () => {
  const build = () => {
    const w1 = new Parameter(tf.tensor(M, [4, 3], "float32")), b1 = new Parameter(tf.tensor(X.subarray(0, 4), [4], "float32"));
    const x = t(Y, [4, 3]);
    const h = ops.tanh(ops.linear(x, w1, b1));
    ops.mean(ops.square(h)).backward();
    return [w1.grad!.value, b1.grad!.value];
  };
  const want = await onWasm(() => Promise.all(build().map((v) => v.data())));
  const got = await Promise.all(build().map((v) => v.data()));
  got.forEach((g, k) => assertClose(g as Float32Array, want[k] as Float32Array, 1e-5, 1e-6, `grad ${k}`));
});
