// LBFGS (plain and strong-Wolfe) on a least-squares closure, and gradient clipping, against
// torch 1.13.1 (fixtures/gen_lbfgs_clip.py), on fulgur-wasm and tfjs-cpu.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import { Parameter, tensor, type Tensor } from "../../ts/autograd/index.ts";
import { LBFGS, clipGradNorm, clipGradValue, createOptimizer } from "../../ts/optim/index.ts";
import fixture from "./fixtures/lbfgs_clip.json" with { type: "json" };
import { assertClose, lbfgsLeastSquares, setGrad, values } from "./helpers.ts";

for (const backend of ["fulgur-wasm", "cpu"] as const) {
  describe(`LBFGS and clipping vs torch on ${backend}`, () => {
    before(async () => {
      await init({ backend });
    });

    for (const c of fixture.lbfgs) {
      test(c.name, async () => {
        await tf.setBackend(backend);
        const { w, b, opt, closure, evals } = lbfgsLeastSquares(fixture, c.args);
        for (const [i, expected] of c.trajectory.entries()) {
          const loss = opt.step(closure) as Tensor;
          assertClose([loss.item()], [expected.loss], 1e-5, 1e-8, `${c.name} step ${i} loss`);
          assertClose(values(w), expected.w, 1e-5, 1e-7, `${c.name} step ${i} w`);
          assertClose(values(b), expected.b, 1e-5, 1e-7, `${c.name} step ${i} b`);
          assert.equal(evals(), expected.evals, `${c.name} step ${i}: closure evaluations`);
          const st: Record<string, unknown> = opt.state.get(w)!;
          assert.equal(st.funcEvals, expected.func_evals);
          assert.equal(st.nIter, expected.n_iter);
        }
      });
    }

    for (const c of fixture.clip) {
      test(`clip ${c.name}`, async () => {
        await tf.setBackend(backend);
        const ps = c.grads.map((g) => new Parameter(tf.zeros([g.length])));
        ps.forEach((p, i) => setGrad(p, c.grads[i]));
        if (c.kind === "norm") {
          const normType = c.norm_type === "inf" ? Infinity : (c.norm_type as number);
          const total = clipGradNorm(ps, c.arg, normType);
          assertClose([total], [c.total as number], 1e-6, 0, `${c.name} total norm`);
        } else {
          clipGradValue(ps, c.arg);
        }
        ps.forEach((p, i) => assertClose(values(p.grad!), c.clipped[i], 1e-6, 1e-8, `${c.name} grad ${i}`));
      });
    }
  });
}

test("clipGradNorm: no gradients gives 0; non-finite norm raises when asked", async () => {
  await init();
  const p = new Parameter(tf.zeros([2]));
  assert.equal(clipGradNorm([p], 1), 0);
  setGrad(p, [Infinity, 1]);
  assert.throws(() => clipGradNorm([p], 1, 2, true), /The total norm of order 2 for gradients from `parameters` is non-finite/);
  assert.equal(clipGradNorm([p], 1, 2, false), Infinity);
  assert.deepEqual(values(p.grad!).map((v) => Number.isNaN(v) ? "nan" : v), ["nan", 0]);
});
