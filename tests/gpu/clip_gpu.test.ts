// GPU gradient clipping against ts/optim's WASM clipping on fulgur-wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import { clipGradNorm, clipGradValue } from "../../ts/optim/index.ts";
import { clipGradNormGpu, clipGradValueGpu } from "../../ts/gpu/clip_grad.ts";
import { assertClose, countDispatches, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
const SIZES = [6, 2000, 3];
const LARGE = [6, 30000, 3, 9000]; // several workgroups' partials in the reduction

function params(scale: number, sizes = SIZES): Parameter[] {
  return sizes.map((n, k) => {
    const p = new Parameter(tf.zeros([n]));
    p.grad = new Tensor(tf.keep(tf.mul(tf.tensor(seeded(n, 40 + k)), tf.scalar(scale))));
    return p;
  });
}
const grads = (ps: Parameter[]) => Promise.all(ps.map(async (p) => (await p.grad!.value.data()) as Float32Array));

for (const [normType, maxNorm, sizes] of [
  [2, 0.5, SIZES], [1, 3, SIZES], [Infinity, 0.25, SIZES], [2, 1e6, SIZES], [2, 0.5, LARGE], [3, 0.5, LARGE], [Infinity, 0.1, LARGE], [1, 7, [11]],
] as const) {
  test(`clipGradNormGpu(norm ${normType}, max ${maxNorm}) over [${sizes}] matches clipGradNorm on fulgur-wasm`, { skip }, async () => {
    const want = await onWasm(async () => {
      const ps = params(2, [...sizes]);
      const total = clipGradNorm(ps, maxNorm, normType);
      return { total, grads: await grads(ps) };
    });
    const ps = params(2, [...sizes]);
    const total = clipGradNormGpu(ps, maxNorm, normType);
    assertClose([(await total.data())[0]], [want.total], 1e-5, 0, "total norm");
    (await grads(ps)).forEach((g, k) => assertClose(g, want.grads[k], 1e-5, 1e-7, `grad ${k}`));
  });
}

test("norm clipping is one reduction plus one scale pass, whatever the number of gradients", { skip }, () => {
  const ps = params(2, LARGE);
  const dispatches = countDispatches(() => clipGradNormGpu(ps, 0.5, 2).dispose());
  assert.equal(dispatches, 3); // partials, final fold + coefficient, scale
});

test("a NaN gradient makes the total norm and every clipped gradient NaN, as torch", { skip }, async () => {
  const ps = params(1);
  const g = await ps[1].grad!.value.data();
  const withNan = Float32Array.from(g);
  withNan[5] = NaN;
  ps[1].grad = new Tensor(tf.keep(tf.tensor(withNan)));
  for (const normType of [2, Infinity]) {
    const total = clipGradNormGpu(ps, 1, normType);
    assert.ok(Number.isNaN((await total.data())[0]), `norm ${normType}`);
    for (const x of await grads(ps)) assert.ok(x.every(Number.isNaN), `norm ${normType}: every element NaN`);
  }
});

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
