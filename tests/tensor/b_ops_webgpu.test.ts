// The torch 1.13 fixture comparisons of tensor API B (forward, gradients, Hessian-vector
// products) on tfjs-backend-webgpu (Dawn; a software adapter where the machine has no GPU),
// where relu's and log_softmax's fused WGSL kernels serve the first-order path. Node only.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/b_ops.json" with { type: "json" };
import { setupGpu } from "../gpu/gpu_setup.ts";
import { OPS, checkAsync } from "./b_check.ts";

const skip = await setupGpu();
// WGSL's sin/cos are approximations (about 1e-4 absolute on a software adapter): looser there
const LOOSE: Record<string, { rtol: number; atol: number }> = { sin: { rtol: 1e-3, atol: 5e-4 }, cos: { rtol: 1e-3, atol: 5e-4 } };

describe("tensor API B vs torch 1.13 on webgpu", { skip: skip ?? false }, () => {
  before(() => {
    assert.equal(skip, null);
  });
  for (const c of fixture.cases as any[]) {
    test(c.name, async (t) => {
      const op = OPS[c.op];
      assert.ok(op, `no op "${c.op}" in the test table`);
      try {
        await checkAsync(c, op, LOOSE[c.op]);
      } catch (e) {
        if ((e as Error).name === "NotImplementedError") {
          t.skip(`webgpu: ${(e as Error).message.split(":")[0]}`);
          return;
        }
        throw e;
      }
    });
  }
});
