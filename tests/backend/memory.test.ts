// Reference counting: tf.tidy returns the backend to its baseline; tensorPtr exposes live data.
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { isFulgurWasmActive, tensorPtr } from "../../ts/backend/memory.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";

before(async () => { await init(); });

test("tf.tidy releases every intermediate: tensor count and numDataIds return to baseline", () => {
  const backend = tf.backend();
  const kept = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const tensors0 = tf.memory().numTensors, ids0 = backend.numDataIds();
  for (let step = 0; step < 3; step++) {
    tf.tidy(() => {
      const w = tf.reshape(kept, [3, 2]);                      // shares data
      const y = tf.relu(tf.matMul(kept, w, false, false));
      const s = tf.sum(tf.transpose(y), 0, true);               // temp transpose inside Sum
      const m = tf.mean(tf.cast(tf.greater(y, 10), "int32"));   // bool → int32 → float mean
      const g = tf.gather(kept, tf.tensor1d([1, 0], "int32"));
      tf.concat([s, tf.reshape(m, [1, 1]), tf.slice(g, [0, 0], [1, 1])], 1).dataSync();
      tf.addN([y, y, y]);
      tf.unstack(kept);
    });
  }
  assert.equal(tf.memory().numTensors, tensors0);
  assert.equal(backend.numDataIds(), ids0);
  // disposing the last reference to a reshaped buffer frees it
  const r = tf.reshape(kept, [6]);
  kept.dispose();
  assert.deepEqual(Array.from(r.dataSync()), [1, 2, 3, 4, 5, 6]);
  r.dispose();
  assert.equal(backend.numDataIds(), ids0 - 1);
});

test("tensorPtr points at a float32 tensor's data in WASM memory", async () => {
  assert.equal(isFulgurWasmActive(), true);
  const t = tf.tensor1d([1, 2, 3]);
  const p = tensorPtr(t);
  assert.equal(p % 16, 0, "16-byte aligned for SIMD");
  const view = new Float32Array(fulgurWasm().memory.buffer, p, 3);
  assert.deepEqual(Array.from(view), [1, 2, 3]);
  view[1] = 42; // an in-place update is what the optimizers do
  assert.deepEqual(Array.from(t.dataSync()), [1, 42, 3]);
  const c = tf.clone(t); // clones get their own buffer
  assert.notEqual(tensorPtr(c), p);
  assert.throws(() => tensorPtr(tf.tensor1d([1], "int32")), /expected a float32 tensor/);
  tf.dispose([t, c]);

  await tf.setBackend("cpu");
  const onCpu = tf.tensor1d([1]);
  assert.equal(isFulgurWasmActive(), false);
  assert.throws(() => tensorPtr(onCpu), /not stored on the "fulgur-wasm" backend/);
  onCpu.dispose();
  await tf.setBackend("fulgur-wasm");
});

test("memory grows transparently for large tensors", () => {
  const n = 8 * 1024 * 1024; // 32 MiB, beyond the initial memory
  const out = tf.tidy(() => tf.sum(tf.add(tf.fill([n], 0.5), tf.fill([n], 0.25))).dataSync()[0]);
  assert.equal(out, n * 0.75);
});
