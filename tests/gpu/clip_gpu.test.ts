// GPU gradient clipping against ts/optim's WASM clipping on fulgur-wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import { clipGradNorm, clipGradValue } from "../../ts/optim/index.ts";
import { clipGradNormGpu, clipGradValueGpu } from "../../ts/gpu/clip_grad.ts";
import { assertClose, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
const SIZES = [6, 2000, 3];

function params(scale: number): Parameter[] {
  return SIZES.map((n, k) => {
    const p = new Parameter(tf.zeros([n]));
    p.grad = new Tensor(tf.keep(tf.mul(tf.tensor(seeded(n, 40 + k)), tf.scalar(scale))));
    return p;
  });
}
const grads = (ps: Parameter[]) => Promise.all(ps.map(async (p) => (await p.grad!.value.data()) as Float32Array));

for (const [normType, maxNorm] of [[2, 0.5], [1, 3], [Infinity, 0.25], [2, 1e6]] as const) {
  test(`clipGradNormGpu(norm ${normType}, max ${maxNorm}) matches clipGradNorm on fulgur-wasm`, { skip }, async () => {
    const want = await onWasm(async () => {
      const ps = params(2);
      const total = clipGradNorm(ps, maxNorm, normType);
      return { total, grads: await grads(ps) };
    });
    const ps = params(2);
    const total = clipGradNormGpu(ps, maxNorm, normType);
    assertClose([(await total.data())[0]], [want.total], 1e-5, 0, "total norm");
    (await grads(ps)).forEach((g, k) => assertClose(g, want.grads[k], 1e-5, 1e-7, `grad ${k}`));
  });
}

test("clipGradValueGpu clamps like clipGradValue", { skip }, async () => {
  const want = await onWasm(async () => {
    const ps = params(1);
    clipGradValue(ps, 0.3);
    return grads(ps);
  });
  const ps = params(1);
  clipGradValueGpu(ps, 0.3);
  const got = await grads(ps);
  got.forEach((g, k) => assert.deepEqual(Array.from(g), Array.from(want[k]), `grad ${k}`));
});
