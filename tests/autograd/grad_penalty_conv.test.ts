// WGAN-GP's gradient penalty through a conv critic (conv2d, leakyRelu, avgPool2d, flatten,
// linear) against torch 1.13 (fixtures/gen_grad_penalty_conv.py): the input gradient, the
// penalty and its gradients to the critic's parameters and to the real batch; then the same
// gradients against central finite differences of the penalty (itself a first gradient).
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fx from "./fixtures/grad_penalty_conv.json" with { type: "json" };
import { BACKENDS, useBackend } from "./backends.ts";
import { assertClose } from "./compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

const TOL = { rtol: 2e-4, atol: 2e-5 };
const tanh = (t: Tensor) => t.tanh();

/** Returns [penalty, g] for the critic's parameters ps and the real batch. */
function penalty(ps: Tensor[], real: Tensor, act = (t: Tensor) => ag.leakyRelu(t, 0.2)): [Tensor, Tensor] {
  const [w, b, lw, lb] = ps;
  const D = (x: Tensor) => ag.linear(ops.avgPool2d(act(ops.conv2d(x, w, b, { padding: 1 })), 2).flatten(1), lw, lb);
  const eps = ag.tensor(fx.eps, [2, 1, 1, 1]);
  const xHat = eps.mul(real).add(eps.neg().add(1).mul(ag.tensor(fx.fake.data, fx.fake.shape)));
  const [g] = ag.grad(D(xHat).sum(), xHat, { createGraph: true });
  return [g!.flatten(1).norm(2, 1).sub(1).square().mean().mul(fx.lambda), g!];
}

for (const backend of BACKENDS) {
  describe(`gradient penalty through a conv critic on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    test("penalty and its gradients vs torch 1.13", () => ag.scope(() => {
      const ps = fx.params.map((p) => ag.tensor(p.data, p.shape, { requiresGrad: true }));
      const real = ag.tensor(fx.real.data, fx.real.shape, { requiresGrad: true });
      const [gp, g] = penalty(ps, real);
      assertClose(g.dataSync(), fx.g.data, "∂D/∂x̂", TOL);
      assertClose([gp.item()], [fx.penalty], "penalty", TOL);
      const grads = ag.grad(gp, [...ps, real], { allowUnused: true });
      grads.forEach((gr, i) => {
        const want = fx.grads[i];
        if (want === null) {
          // the critic's last bias does not reach ∂D/∂x̂
          if (gr !== null) assert.ok(Array.from(gr.dataSync()).every((v) => v === 0), "lb");
          return;
        }
        assertClose(gr!.dataSync(), want.data, `∂penalty/∂input ${i}`, TOL);
      });
    }));

    // with tanh in place of leakyRelu: the penalty of a piecewise-linear critic jumps where a
    // pre-activation changes sign, which a finite difference cannot step over
    test("gradients of the penalty (tanh critic) vs central finite differences", () => {
      const base = fx.params.map((p) => p.data.slice());
      const value = (which: number, i: number, d: number): number => ag.scope(() => {
        const data = base.map((a) => a.slice());
        const realData = fx.real.data.slice();
        if (which < 4) data[which][i] += d; else realData[i] += d;
        const ps = data.map((a, j) => ag.tensor(a, fx.params[j].shape, { requiresGrad: true }));
        return penalty(ps, ag.tensor(realData, fx.real.shape, { requiresGrad: true }), tanh)[0].item();
      });
      ag.scope(() => {
        const ps = base.map((a, j) => ag.tensor(a, fx.params[j].shape, { requiresGrad: true }));
        const real = ag.tensor(fx.real.data, fx.real.shape, { requiresGrad: true });
        const grads = ag.grad(penalty(ps, real, tanh)[0], [ps[0], ps[2], real]);
        const h = 1e-2;
        [[0, grads[0]!], [2, grads[1]!], [4, grads[2]!]].forEach(([which, gr]) => {
          const analytic = (gr as Tensor).dataSync();
          // a spread of elements of each (the central difference of a float32 forward is noisy)
          for (let i = 0; i < analytic.length; i += 5) {
            const fd = (value(which as number, i, h) - value(which as number, i, -h)) / (2 * h);
            assert.ok(Math.abs(fd - analytic[i]) <= 3e-2 + 3e-2 * Math.abs(analytic[i]), `input ${which}[${i}]: fd ${fd} vs ${analytic[i]}`);
          }
        });
      });
    });
  });
}
