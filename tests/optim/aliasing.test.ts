// In-place updates on fulgur-wasm must not leak through tfjs data sharing: gradients that
// share one buffer (add's backward hands the same gradient to both inputs) are clipped once
// each, and a tensor aliasing a parameter's data keeps its value when the parameter steps.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { init } from "../../ts/index.node.ts";
import { Parameter } from "../../ts/autograd/index.ts";
import { SGD, clipGradNorm, clipGradValue } from "../../ts/optim/index.ts";
import { assertBitsEqual, values } from "./helpers.ts";

before(async () => {
  await init();
});

test("clipping gradients that share one buffer scales each exactly once", () => {
  const a = new Parameter(tf.tensor([1, 2, 3]));
  const b = new Parameter(tf.tensor([4, 5, 6]));
  a.add(b).sum().backward();
  const total = clipGradNorm([a, b], 1);
  const each = Math.fround(Math.sqrt(3)); // torch: the norm of the stack of per-tensor norms
  assert.equal(total, Math.fround(Math.sqrt(each * each + each * each)));
  const coef = Math.fround(Math.fround(1 / Math.fround(total + Math.fround(1e-6))) * 1);
  assertBitsEqual(values(a.grad!), [coef, coef, coef], "a.grad");
  assertBitsEqual(values(b.grad!), [coef, coef, coef], "b.grad");
  clipGradValue([a, b], 0.1);
  assertBitsEqual(values(a.grad!), [0.1, 0.1, 0.1], "a.grad after value clip");
  assertBitsEqual(values(b.grad!), [0.1, 0.1, 0.1], "b.grad after value clip");
});

test("a tfjs alias of a parameter's data is not changed by an in-place step", () => {
  const w = new Parameter(tf.tensor([1, 2, 3, 4], [4]));
  const alias = tf.reshape(w.value, [2, 2]); // shares w's buffer in tfjs
  w.grad = new Parameter(tf.ones([4]), false);
  new SGD([w], { lr: 0.5 }).step();
  assert.deepEqual(values(w), [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(Array.from(alias.dataSync()), [1, 2, 3, 4]);
  alias.dispose();
});
