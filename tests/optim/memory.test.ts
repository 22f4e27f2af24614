// Stepping, zeroing and clipping must not leak tf tensors on either path (in place on
// fulgur-wasm, copy + setValue elsewhere): a long run's tensor count stays flat.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import { liveTensorCount } from "../../ts/autograd/index.ts";
import { Adam, RMSprop, SGD, clipGradNorm, clipGradValue } from "../../ts/optim/index.ts";
import { makeParams, setGrad } from "./helpers.ts";

for (const backend of ["fulgur-wasm", "cpu"] as const) {
  test(`no tensor leak across steps on ${backend}`, async () => {
    await init({ backend });
    await tf.setBackend(backend);
    const ps = makeParams([[1, 2, 3, 4, 5], [6, 7]], [[5], [2]]);
    ps.forEach((p) => setGrad(p, new Array(p.size).fill(0.5)));
    const opts = [new SGD(ps, { lr: 0.1, momentum: 0.9 }), new Adam(ps), new RMSprop(ps, { centered: true })];
    const warm = () => {
      for (const o of opts) {
        o.step();
        clipGradNorm(ps, 0.1);
        clipGradValue(ps, 0.05);
        o.zeroGrad();
        ps.forEach((p) => setGrad(p, new Array(p.size).fill(0.25)));
      }
    };
    warm();
    const before = liveTensorCount();
    for (let i = 0; i < 10; i++) warm();
    assert.equal(liveTensorCount(), before);
    opts.forEach((o) => o.dispose());
  });
}
