// init({ threads }) through the public entry: the count runs, results match one thread, bad
// counts are refused, and going back to 1 stops the workers.
import * as tf from "@tensorflow/tfjs-core";
import { test } from "node:test";
import assert from "node:assert/strict";
import { getNumThreads, init, manualSeed, randn } from "../../ts/index.node.ts";
import { digest } from "./helpers.ts";

// Bun's default 5 s per test is too short on a loaded 2-core machine.
const SLOW = { timeout: 120_000 };

function product(): string {
  manualSeed(1);
  const a = randn([200, 300]).value, b = randn([300, 150]).value;
  const c = tf.matMul(a, b);
  const d = digest(c.dataSync() as Float32Array);
  tf.dispose([a, b, c]);
  return d;
}

test("init({ threads }) runs that many threads with the same bits as one", SLOW, async () => {
  await init({ threads: 1 });
  assert.equal(getNumThreads(), 1);
  const one = product();
  const kept = randn([64]).value; // made before the move to shared memory: must survive it
  const keptBefore = digest(kept.dataSync() as Float32Array);
  await init({ threads: 2 });
  assert.equal(getNumThreads(), 2);
  assert.equal(product(), one);
  assert.equal(digest(kept.dataSync() as Float32Array), keptBefore);
  await init({ threads: 3 });
  assert.equal(getNumThreads(), 3);
  assert.equal(product(), one);
  await init({ threads: 1 });
  assert.equal(getNumThreads(), 1);
  assert.equal(product(), one);
  kept.dispose();
});

test("init({ threads }) refuses counts that are not positive integers", SLOW, async () => {
  await assert.rejects(init({ threads: -1 }), /threads must be a positive integer, got -1/);
  await assert.rejects(init({ threads: 1.5 }), /threads must be a positive integer, got 1.5/);
});
