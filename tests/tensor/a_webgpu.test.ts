// The tensor API A fixture comparisons (forward and gradients against torch 1.13) on webgpu
// (Dawn; SwiftShader where there is no GPU). Node only; skipped without a WebGPU adapter.
// Results are read back asynchronously, as the GPU path does. maskedSelect is left out: it reads
// its mask on the host (documented), which webgpu without synchronous reads refuses; slice_empty
// too: the test's loss sums an empty tensor, which tfjs-backend-webgpu's Sum cannot allocate.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import fixture from "./fixtures/a_ops.json" with { type: "json" };
import { setupGpu } from "../gpu/gpu_setup.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import { OPS, decodeArgs, joined } from "./a_fixture_ops.ts";

const skip = (await setupGpu()) ?? false;

const read = async (t: tf.Tensor): Promise<number[]> => Array.from((await t.data()) as ArrayLike<number>);

for (const c of fixture.grad.filter((k) => k.op !== "maskedSelect" && k.name !== "slice_empty")) {
  test(`webgpu: ${c.name} forward and gradients vs torch`, { skip }, async () => {
    assert.equal(tf.getBackend(), "webgpu");
    const xs = c.inputs.map((i) => ag.keep(ag.tensor(i.data, i.shape, { requiresGrad: true })));
    const kept: tf.Tensor[] = [];
    ag.scope(() => {
      const out = joined(OPS[c.op](xs, decodeArgs(c.args)));
      assert.deepEqual(out.shape, c.out.shape, "output shape");
      kept.push(tf.keep(out.value));
      out.mul(ag.tensor(c.w, c.out.shape)).sum().backward();
    });
    assertClose(await read(kept[0]), c.out.data, `${c.name} forward`);
    for (let i = 0; i < xs.length; i++) {
      const g = xs[i].grad;
      assertClose(g ? await read(g.value) : new Array(xs[i].size).fill(0), c.grads[i], `${c.name} grad of input ${i}`);
      g?.dispose();
      xs[i].dispose();
    }
    kept[0].dispose();
  });
}
