// Backward formulas checked against central finite differences of the forward (float32, so
// loose tolerances): catches a gradient that disagrees with its own forward.
import { describe, test, before } from "node:test";
import { BACKENDS, useBackend } from "./backends.ts";
import { assertClose } from "./compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as F from "../../ts/nn/functional.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

const X = [0.3, -1.2, 0.7, 1.9, -0.4, 0.05];
const Y = [0.9, 0.2, -0.6, 0.4, 1.3, -0.8];
const W = [0.5, -1.5, 2, 0.25, 1, -0.75];
const SHAPE = [2, 3];

const FUNCTIONS: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
  "tanh·sigmoid": (x, y) => x.tanh().mul(y.sigmoid()),
  "gelu / softplus": (x, y) => ag.gelu(x).div(ag.softplus(y)),
  "logSoftmax + softmax": (x, y) => x.logSoftmax(1).add(y.softmax(0)),
  "pow(exp(x), y) + sqrt": (x, y) => x.exp().pow(y).add(y.square().add(1).sqrt()),
  "leakyRelu · matmul": (x, y) => ag.leakyRelu(x, 0.1).matmul(y.t()).reshape([-1]).add(0).mean(0).mul(x.sum()),
  "maximum, minimum (no ties)": (x, y) => x.maximum(y).sub(x.minimum(y.mul(0.5))),
  "clamp inside": (x, y) => x.clamp(-1, 1).mul(y),
  mse: (x, y) => F.mseLoss(x.tanh(), y),
  smoothL1: (x, y) => F.smoothL1Loss(x.mul(2), y),
  bceWithLogits: (x, y) => F.binaryCrossEntropyWithLogits(x.mul(y), y.sigmoid()),
  crossEntropy: (x, y) => F.crossEntropy(x.mul(y), [2, 0]),
  "linear + mean over dim": (x, y) => ag.linear(x, y, x.sum(1)).mean(1),
};

/** Σ f(x, y)·w as a plain number, with x's flat element i moved by d. */
function value(f: (x: Tensor, y: Tensor) => Tensor, which: 0 | 1, i: number, d: number): number {
  return ag.scope(() =>
    ag.noGrad(() => {
      const xs = [X.slice(), Y.slice()];
      xs[which][i] += d;
      const out = f(ag.tensor(xs[0], SHAPE), ag.tensor(xs[1], SHAPE));
      const w = ag.tensor(W.slice(0, out.size), out.shape);
      return out.mul(w).sum().item();
    }),
  );
}

for (const backend of BACKENDS) {
  describe(`finite differences on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      test(name, () =>
        ag.scope(() => {
          const x = ag.tensor(X, SHAPE, { requiresGrad: true });
          const y = ag.tensor(Y, SHAPE, { requiresGrad: true });
          const out = f(x, y);
          out.mul(ag.tensor(W.slice(0, out.size), out.shape)).sum().backward();
          const eps = 1e-2;
          ([0, 1] as const).forEach((which) => {
            const numeric = X.map((_, i) => (value(f, which, i, eps) - value(f, which, i, -eps)) / (2 * eps));
            const analytic = (which === 0 ? x : y).grad!.dataSync();
            assertClose(analytic, numeric, `${name}: d/d${which === 0 ? "x" : "y"}`, { rtol: 1e-2, atol: 2e-3 });
          });
        }),
      );
    }
  });
}
