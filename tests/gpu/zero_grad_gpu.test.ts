// zero_grad on webgpu clears gradients with clear commands (no dispatch), and the next backward
// then takes its gradient by a copy command instead of dispatching 0 + g. Both against fulgur-wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { SGD } from "../../ts/optim/index.ts";
import { runInPlace } from "../../ts/gpu/inplace_program.ts";
import { assertClose, countDispatches, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
const X = seeded(12, 21), W0 = seeded(12, 22);

/** backward of sum(tanh(w * x)) into w's gradient. */
function backward(w: Parameter): void {
  ops.sum(ops.tanh(ops.mul(w, new Tensor(tf.tensor(X, [3, 4]))))).backward();
}

/** Two backward passes, zero_grad, `between` (GPU only), two more: the gradient each time. */
async function trajectory(between: (w: Parameter) => void = () => {}): Promise<number[][]> {
  const w = new Parameter(tf.tensor(W0, [3, 4]));
  const opt = new SGD([w], { lr: 0.1 });
  const seen: number[][] = [];
  const look = async () => seen.push(Array.from((await w.grad!.value.data()) as Float32Array));
  backward(w);
  backward(w);
  await look();
  opt.zeroGrad();
  await look();
  between(w);
  backward(w);
  await look();
  backward(w);
  await look();
  return seen;
}

test("zero_grad on webgpu is dispatch-free and backward after it matches fulgur-wasm", { skip }, async () => {
  const want = await onWasm(() => trajectory());
  const got = await trajectory((w) => {
    assert.equal(countDispatches(() => new SGD([w], { lr: 0.1 }).zeroGrad()), 0, "zero_grad dispatches");
  });
  got.forEach((g, k) => assertClose(g, want[k], 1e-6, 1e-7, `gradient ${k}`));
  assert.ok(got[1].every((v) => v === 0), "zeroed");
});

test("a write after zero_grad is kept: the next backward adds to it", { skip }, async () => {
  const ONES = { key: "test_fill_ones", buffers: [{ name: "g", write: true }], uniforms: [], body: "g[i] = 1.0;" };
  const want = await onWasm(() => trajectory());
  const got = await trajectory((w) => runInPlace(ONES, [w.grad!.value], w.grad!.size, []));
  // gradient 2 = 1 + g, where fulgur-wasm had 0 + g
  assertClose(got[2].map((v) => v - 1), want[2], 1e-6, 1e-6, "1 + g");
});
