// The Trainer's accelerator flag resolved to a tfjs backend (ts/gpu/accelerator.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { selectAccelerator } from "../../ts/gpu/accelerator.ts";
import { REQUIRED_KERNELS, missingKernels, checkRequiredKernels } from "../../ts/gpu/required_kernels.ts";
import { setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;

test("auto picks webgpu when an adapter exists and says so in one line", { skip }, async () => {
  await tf.setBackend("fulgur-wasm");
  const lines: string[] = [];
  assert.equal(await selectAccelerator("auto", (l) => lines.push(l)), "webgpu");
  assert.equal(tf.getBackend(), "webgpu");
  assert.deepEqual(lines, ['GPU available: True (webgpu), used: True (tfjs backend "webgpu")']);
});

test("cpu leaves webgpu for fulgur-wasm, wasm selects fulgur-wasm, unset keeps the active backend", { skip }, async () => {
  await selectAccelerator("webgpu");
  assert.equal(await selectAccelerator("cpu"), "fulgur-wasm");
  assert.equal(await selectAccelerator(undefined), "fulgur-wasm");
  assert.equal(await selectAccelerator("gpu"), "webgpu");
  assert.equal(await selectAccelerator("wasm"), "fulgur-wasm");
  await selectAccelerator("webgpu");
});

test("an unknown accelerator name is rejected with the available names", async () => {
  await assert.rejects(selectAccelerator("tpu" as never), /invalid accelerator name: `accelerator="tpu"`\. Available names are: auto, webgpu, gpu, wasm, cpu\./);
});

test("every kernel fulgur uses is registered for webgpu; a missing one is named", { skip }, () => {
  assert.deepEqual(missingKernels("webgpu"), []);
  assert.ok(REQUIRED_KERNELS.length > 50);
  assert.throws(() => checkRequiredKernels("no-such-backend"), /lacks kernels fulgur needs: Abs, Add, AddN/);
});

test("a synchronous read of a GPU tensor names the problem instead of OffscreenCanvas", { skip }, async () => {
  await selectAccelerator("webgpu");
  const x = tf.exp(tf.tensor([1, 2]));
  assert.throws(() => x.dataSync(), { name: "SyncReadError", message: /read synchronously.*await tensor\.data\(\)/ });
  assert.equal((await x.data()).length, 2);
  x.dispose();
});
