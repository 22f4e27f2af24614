import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";

before(async () => { await init(); });

test("fulgur-wasm is the active backend and computes a matmul", () => {
  assert.equal(tf.getBackend(), "fulgur-wasm");
  const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
  assert.deepEqual(Array.from(tf.matMul(a, b).dataSync()), [4, 5, 10, 11]);
  assert.deepEqual(Array.from(tf.add(a, tf.scalar(1)).dataSync()), [2, 3, 4, 5, 6, 7]);
  assert.deepEqual(Array.from(tf.sum(a, 0).dataSync()), [5, 7, 9]);
  assert.deepEqual(Array.from(tf.greater(a, tf.scalar(3)).dataSync()), [0, 0, 0, 1, 1, 1]);
});

test("registerFulgurWasmBackend is idempotent and every kernel is registered once", async () => {
  const { registerFulgurWasmBackend } = await import("../../ts/backend/register.ts");
  const { allKernels } = await import("../../ts/backend/kernels/all_kernels.ts");
  registerFulgurWasmBackend();
  registerFulgurWasmBackend();
  const names = allKernels.map((k) => k.kernelName);
  assert.equal(new Set(names).size, names.length, "duplicate kernel names");
  for (const name of names) assert.ok(tf.getKernel(name, "fulgur-wasm"), `${name} registered`);
  assert.equal(tf.getKernelsForBackend("fulgur-wasm").length, names.length);
});
