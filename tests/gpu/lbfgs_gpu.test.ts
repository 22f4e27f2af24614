// LBFGS on webgpu in Node, where no synchronous GPU read exists: step(closure) returns a
// Promise (its loss and gradient reads are `await data()`), the closure stays a sync function
// running on the GPU, and the trajectory matches torch 1.13.1 (tests/optim/fixtures, the same
// cases tests/optim/lbfgs_clip_torch.test.ts holds fulgur-wasm and cpu to) within GPU tolerance.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, tensor, type Tensor } from "../../ts/autograd/index.ts";
import { LBFGS, createOptimizer } from "../../ts/optim/index.ts";
import { canReadSync } from "../../ts/gpu/sync_read_guard.ts";
import fixture from "../optim/fixtures/lbfgs_clip.json" with { type: "json" };
import { assertClose, onWasm, setupGpu } from "./gpu_setup.ts";
import { lbfgsLeastSquares } from "../optim/helpers.ts";

const skip = (await setupGpu()) ?? false;

async function read(t: Tensor): Promise<number[]> {
  return Array.from((await t.value.data()) as Float32Array);
}

for (const c of fixture.lbfgs) {
  test(`LBFGS on webgpu (async reads) follows torch: ${c.name}`, { skip }, async () => {
    assert.equal(canReadSync(), false, "Node's webgpu has no synchronous read: this test is about the async driver");
    const { w, b, opt, closure, evals } = lbfgsLeastSquares(fixture, c.args);
    for (const [i, expected] of c.trajectory.entries()) {
      const pending = opt.step(closure) as unknown;
      assert.ok(pending instanceof Promise, "step returns a Promise where reads are asynchronous");
      const loss = (await pending) as Tensor;
      assertClose(await read(loss), [expected.loss], 1e-4, 1e-7, `${c.name} step ${i} loss`);
      assertClose(await read(w), expected.w, 1e-4, 1e-6, `${c.name} step ${i} w`);
      assertClose(await read(b), expected.b, 1e-4, 1e-6, `${c.name} step ${i} b`);
      assert.equal(evals(), expected.evals, `${c.name} step ${i}: closure evaluations`);
      const st: Record<string, unknown> = opt.state.get(w)!;
      assert.equal(st.funcEvals, expected.func_evals);
      assert.equal(st.nIter, expected.n_iter);
    }
  });
}

test("LBFGS on fulgur-wasm keeps a synchronous step (no Promise)", { skip }, async () => {
  await onWasm(() => {
    const w = new Parameter(tf.tensor([1, -2], [2]));
    const opt = new LBFGS([w], { lr: 0.5, maxIter: 2 });
    const out = opt.step(() => {
      opt.zeroGrad();
      const loss = w.mul(w).sum();
      loss.backward();
      return loss;
    }) as unknown;
    assert.ok(!(out instanceof Promise));
    assert.equal((out as Tensor).item(), 5);
  });
});
