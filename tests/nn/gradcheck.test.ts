// Gradients of the normalisation, embedding and loss ops checked against central finite
// differences of their forward (first order), and gradients of gradients (createGraph) against
// finite differences of the gradient (second order): the backwards are written in fulgur ops.
import { describe, test, before } from "node:test";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as F from "../../ts/nn/functional.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

// x: [2, 3, 2] data; the weights of Σ f(x)·w are fixed so every output element matters
const X = [0.3, -1.2, 0.7, 1.9, -0.4, 0.05, 1.1, -0.3, 0.45, -0.9, 0.2, 1.6];
const SHAPE = [2, 3, 2];
const wOf = (n: number) => Array.from({ length: n }, (_, i) => Math.fround(Math.cos(i * 1.7) + 0.1 * i));

const FUNCTIONS: Record<string, (x: Tensor) => Tensor> = {
  "batchNorm (training)": (x) => F.batchNorm(x, null, null, { training: true, weight: ag.tensor([1.5, -0.5, 2]), bias: ag.tensor([0.1, 0.2, 0.3]) }),
  "batchNorm (eval)": (x) => F.batchNorm(x, ag.tensor([0.1, -0.2, 0.3]), ag.tensor([0.5, 2, 1.5]), { training: false }),
  layerNorm: (x) => F.layerNorm(x, [2], ag.tensor([1.2, -0.7]), ag.tensor([0.3, 0.1])),
  "layerNorm over [3, 2]": (x) => F.layerNorm(x, [3, 2]),
  groupNorm: (x) => F.groupNorm(ag.reshape(x, [2, 6, 1]), 3, ag.tensor([1, 2, 3, 4, 5, 6]), null),
  // paddingIdx 4 is never looked up (a looked-up padding row gets no gradient by design: layers_vs_torch checks that)
  "embedding (weight is x)": (x) => F.embedding(ag.tensor([[0, 3], [5, 3], [1, 1]]), ag.reshape(x, [6, 2]), 4).tanh(),
  "crossEntropy (weight, smoothing, ignore)": (x) =>
    F.crossEntropy(x, ag.tensor([[0, 1], [-100, 2]]), { weight: ag.tensor([0.5, 1, 2]), labelSmoothing: 0.1 }),
  "crossEntropy (probabilities)": (x) => F.crossEntropy(ag.reshape(x, [4, 3]), ag.softmax(ag.tensor([[1, 2, 0], [0, 0, 1], [3, 1, 1], [0.5, 0.2, 0.1]]), 1)),
  "nllLoss (none)": (x) => F.nllLoss(ag.logSoftmax(ag.reshape(x, [4, 3]), 1), [2, 0, 1, 1], { reduction: "none" }),
  huberLoss: (x) => F.huberLoss(x.mul(2), ag.tensor(wOf(12), SHAPE), { delta: 0.7 }),
  binaryCrossEntropy: (x) => F.binaryCrossEntropy(x.sigmoid(), ag.tensor(wOf(12).map((v) => Math.fround(Math.abs(v) % 1)), SHAPE)),
  klDiv: (x) => F.klDiv(ag.logSoftmax(x, 1), ag.softmax(ag.tensor(wOf(12), SHAPE), 1), { reduction: "batchmean" }),
  cosineSimilarity: (x) => F.cosineSimilarity(x, ag.tensor(wOf(12), SHAPE), 1),
  "mse / l1 / smoothL1 (sum)": (x) =>
    F.mseLoss(x.tanh(), ag.tensor(wOf(12), SHAPE), { reduction: "sum" })
      .add(F.smoothL1Loss(x, ag.tensor(wOf(12), SHAPE), { beta: 0.5, reduction: "sum" })),
};

/** Σ f(x)·w with x's flat element i moved by d. */
function value(f: (x: Tensor) => Tensor, i: number, d: number): number {
  return ag.scope(() => ag.noGrad(() => {
    const xs = X.slice();
    xs[i] += d;
    const out = f(ag.tensor(xs, SHAPE));
    return out.mul(ag.tensor(wOf(out.size), out.shape)).sum().item();
  }));
}

/** Σ (∂/∂x Σ f(x)·w)·v with x's flat element i moved by d (the first-order gradient, evaluated). */
function gradValue(f: (x: Tensor) => Tensor, i: number, d: number): number {
  return ag.scope(() => {
    const xs = X.slice();
    xs[i] += d;
    const x = ag.tensor(xs, SHAPE, { requiresGrad: true });
    const out = f(x);
    const [g] = ag.grad(out.mul(ag.tensor(wOf(out.size), out.shape)).sum(), x);
    return ag.noGrad(() => g!.mul(ag.tensor(wOf(12).reverse(), SHAPE)).sum().item());
  });
}

for (const backend of BACKENDS) {
  describe(`nn gradients by finite differences on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      test(name, () => ag.scope(() => {
        const eps = 1e-2;
        const x = ag.tensor(X, SHAPE, { requiresGrad: true });
        const out = f(x);
        const [g] = ag.grad(out.mul(ag.tensor(wOf(out.size), out.shape)).sum(), x, { createGraph: true });
        const numeric = X.map((_, i) => (value(f, i, eps) - value(f, i, -eps)) / (2 * eps));
        assertClose(g!.dataSync(), numeric, `${name}: first order`, { rtol: 2e-2, atol: 3e-3 });
        // second order: the gradient's own gradient, through the backward's fulgur ops
        const numeric2 = X.map((_, i) => (gradValue(f, i, eps) - gradValue(f, i, -eps)) / (2 * eps));
        // a function linear in x has a constant gradient (no graph of its own): the second order is 0
        const gg = g!.requiresGrad ? ag.grad(g!.mul(ag.tensor(wOf(12).reverse(), SHAPE)).sum(), x, { allowUnused: true })[0] : null;
        assertClose(gg === null ? new Float32Array(12) : gg.dataSync(), numeric2, `${name}: second order`, { rtol: 3e-2, atol: 5e-3 });
      }));
    }
  });
}
