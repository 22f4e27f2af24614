// Issue 22 on webgpu: models and optimizers dropped without dispose() give their GPU buffers back
// once the GC proves them unreachable (ts/gpu/gpu_finalizer.ts), as fulgur-wasm gives back its
// WASM blocks. Node only (Dawn from the `webgpu` package; without a GPU, SwiftShader:
// VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json), and only where a collection can
// be forced; skipped otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Linear } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam } from "../../ts/optim/index.ts";
import { Tensor } from "../../ts/autograd/tensor.ts";
import { gpuBuffersFreedByGc } from "../../ts/gpu/gpu_finalizer.ts";
import { seeded, setupGpu } from "../gpu/gpu_setup.ts";

async function findGc(): Promise<(() => void) | null> {
  const g = globalThis as any;
  if (typeof g.gc === "function") return () => g.gc();
  try {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    return typeof gc === "function" ? gc : null;
  } catch {
    return null;
  }
}

const skip = (await setupGpu()) ?? ((await findGc()) === null ? "no way to force a collection" : false);
const MB = 2 ** 20;
const gpuBytes = () => (tf.memory() as unknown as { numBytesInGPU: number }).numBytesInGPU;
const X = seeded(8 * 256, 5);

/** A throw-away Linear(256, 256) + Adam: two steps on webgpu, then every reference dropped (no dispose()). */
async function throwAway(): Promise<void> {
  const m = new Linear(256, 256);
  const opt = new Adam(m.parameters(), { lr: 1e-3 });
  for (let i = 0; i < 2; i++) {
    opt.zeroGrad();
    const x = new Tensor(tf.tensor(X, [8, 256]));
    const loss = mseLoss(m.call(x), x);
    loss.backward();
    opt.step();
    await loss.value.data(); // the step's commands are submitted and done
    loss.value.dispose();
    x.value.dispose();
  }
}

async function collect(gc: () => void): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0)); // finalizers run after the collection
  }
  await tf.tensor([1, 2]).data(); // one more submission: buffers deferred behind encoded commands are released
}

test("webgpu: GPU buffers of models and optimizers dropped without dispose() are freed by the GC", { skip, timeout: 240_000 }, async () => {
  assert.equal(tf.getBackend(), "webgpu");
  const gc = (await findGc())!;
  // one model: 256·256 + 256 parameters, the same again as gradients and twice as Adam's moments
  const oneModel = 4 * 4 * (256 * 256 + 256);
  await throwAway();
  await collect(gc);
  const start = gpuBytes();
  const freedBefore = gpuBuffersFreedByGc();
  const N = 24;
  for (let i = 0; i < N; i++) {
    await throwAway();
    if (i % 5 === 4) await collect(gc);
  }
  await collect(gc);
  const grown = gpuBytes() - start;
  const freed = gpuBuffersFreedByGc() - freedBefore;
  console.log(`webgpu: ${N} throw-away Linear(256, 256) + Adam: GPU bytes in use grew by ${(grown / MB).toFixed(2)} MB ` +
    `(one model ${(oneModel / MB).toFixed(2)} MB; ${(N * oneModel / MB).toFixed(0)} MB if none were freed); ${freed} buffers freed by the GC`);
  assert.ok(freed >= N * 4, `only ${freed} GPU buffers freed by the GC`);
  assert.ok(grown <= 6 * oneModel, `GPU bytes in use grew by ${(grown / MB).toFixed(1)} MB over ${N} throw-away models`);
});
