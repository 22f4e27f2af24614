// Training steps through conv / pooling release everything they create: the live tensor count is
// the same after 3 and after 6 steps (forward, backward, a double backward) inside scope().
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + seed));

for (const backend of BACKENDS) {
  describe(`conv / pooling memory on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    test("steps leave the live tensor count flat", () => {
      const w1 = new ag.Parameter(ag.tensor(values(4 * 2 * 9, 1), [4, 2, 3, 3]).value);
      const b1 = new ag.Parameter(ag.tensor(values(4, 2), [4]).value);
      const w2 = new ag.Parameter(ag.tensor(values(4 * 3 * 4, 3), [4, 3, 2, 2]).value);
      const step = () => ag.scope(() => {
        const x = ag.tensor(values(2 * 2 * 9 * 9, 4), [2, 2, 9, 9], { requiresGrad: true });
        let h = ops.maxPool2d(ops.conv2d(x, w1, b1, { padding: 1 }), 2, { ceilMode: true });
        h = ops.avgPool2d(ops.convTranspose2d(h, w2, null, { stride: 2 }), 2);
        h = ops.adaptiveMaxPool2d(ops.adaptiveAvgPool2d(h, [3, 5]), 2);
        const [gx] = ag.grad(h, [x], { gradOutputs: ag.onesLike(h), createGraph: true });
        const [gw] = ag.grad([gx!], [w1], { gradOutputs: [ag.onesLike(gx!)] });
        ag.grad(ops.unfold(x, 2, { stride: 2 }), [x], { gradOutputs: ag.onesLike(ops.unfold(x, 2, { stride: 2 })) });
        return gw!.value.dataSync()[0];
      });
      for (let i = 0; i < 3; i++) step();
      const after3 = ag.liveTensorCount();
      for (let i = 0; i < 3; i++) step();
      assert.equal(ag.liveTensorCount(), after3);
    });
  });
}
