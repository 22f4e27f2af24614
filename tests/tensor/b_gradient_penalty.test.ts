// WGAN-GP's gradient penalty through the ops of tensor API B against torch 1.13
// (fixtures/b_gen.py): a 3-layer critic D (linear + leakyRelu / gelu / tanh), g = ∂ΣD/∂x with
// createGraph, penalty = ((‖g‖₂ over dim 1 − 1)²).mean(), then backward to the critic's
// parameters and to x — second derivatives through linear, the activations, norm, pow, mean.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/b_penalty.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

const ACTS: Record<string, (t: Tensor) => Tensor> = {
  leaky_relu: (t) => ag.leakyRelu(t, 0.2),
  gelu: (t) => ag.gelu(t),
  tanh: (t) => t.tanh(),
};

for (const backend of BACKENDS) {
  describe(`gradient penalty vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.act, () => ag.scope(() => {
        const f = ACTS[c.act];
        const ps = c.params.map((p) => ag.tensor(p.data, p.shape, { requiresGrad: true }));
        const x = ag.tensor(c.x.data, c.x.shape, { requiresGrad: true });
        const d = ag.linear(f(ag.linear(f(ag.linear(x, ps[0], ps[1])), ps[2], ps[3])), ps[4], ps[5]);
        const [g] = ag.grad(d.sum(), x, { createGraph: true });
        assert.ok(g && g.requiresGrad, "the input gradient carries a graph");
        assertClose(g.dataSync(), c.gradX, "∂D/∂x", { rtol: 1e-4, atol: 1e-5 });
        const penalty = g.norm(2, 1).sub(1).pow(2).mean();
        assertClose([penalty.item()], [c.penalty], "penalty", { rtol: 1e-4, atol: 1e-6 });
        penalty.backward();
        ps.forEach((p, i) => {
          const expected = c.grads[i];
          // the last bias does not reach ∂D/∂x: no gradient at all, as torch leaves it None
          if (expected === null) assert.equal(p.grad, null, `parameter ${i} should get no gradient`);
          else assertClose(p.grad!.dataSync(), expected, `grad of parameter ${i}`, { rtol: 2e-4, atol: 2e-5 });
        });
        assertClose(x.grad!.dataSync(), c.inputGrad, "grad of x", { rtol: 2e-4, atol: 2e-5 });
      }));
    }
  });
}
