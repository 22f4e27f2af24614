// Hessian-vector products through the op families not covered by tests/tensor (convolution,
// pooling, unfold/fold, attention, losses, functional activations) against torch 1.13
// (fixtures/gen_grad_ops_hvp.py): loss = Σ u·out², g = ∂loss/∂inputs with createGraph, then
// ∂(Σ g·v)/∂inputs.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/grad_ops_hvp.json" with { type: "json" };
import { BACKENDS, useBackend } from "./backends.ts";
import { assertClose } from "./compare.ts";
import { checkGradAndHvp } from "./hvp_check.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import * as F from "../../ts/nn/functional.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

function sdpaCausal(q: Tensor, k: Tensor, v: Tensor): Tensor {
  return ops.scaledDotProductAttention(q, k, v, { isCausal: true });
}

const OPS: Record<string, (...a: Tensor[]) => Tensor> = {
  "conv1d stride 2 pad 1": (x, w, b) => ops.conv1d(x, w, b, { stride: 2, padding: 1 }),
  "conv2d groups 2 dilation": (x, w, b) => ops.conv2d(x, w, b, { groups: 2, dilation: [2, 1] }),
  "convTranspose2d stride 2": (x, w, b) => ops.convTranspose2d(x, w, b, { stride: 2, padding: 1 }),
  unfold: (x) => ops.unfold(x, 2, { stride: 1, padding: 1 }),
  fold: (x) => ops.fold(x, [4, 4], 2, { stride: 1 }),
  maxPool1d: (x) => ops.maxPool1d(x, 2),
  "maxPool2d stride 1 pad 1": (x) => ops.maxPool2d(x, 3, { stride: 1, padding: 1 }),
  avgPool1d: (x) => ops.avgPool1d(x, 3, { stride: 2 }),
  "avgPool2d pad, ceil": (x) => ops.avgPool2d(x, 2, { padding: 1, ceilMode: true }),
  adaptiveAvgPool2d: (x) => ops.adaptiveAvgPool2d(x, [3, 2]),
  adaptiveMaxPool2d: (x) => ops.adaptiveMaxPool2d(x, [2, 3]),
  "scaledDotProductAttention causal": sdpaCausal,
  mseLoss: (x, t) => F.mseLoss(x, t),
  smoothL1Loss: (x, t) => F.smoothL1Loss(x.mul(2), t, { beta: 0.5, reduction: "none" }),
  huberLoss: (x, t) => F.huberLoss(x.mul(2), t, { delta: 0.7, reduction: "sum" }),
  binaryCrossEntropyWithLogits: (x, t) => F.binaryCrossEntropyWithLogits(x, t.abs(), { posWeight: ag.tensor([1, 2, 0.5, 1.5]) }),
  binaryCrossEntropy: (x, t) => F.binaryCrossEntropy(x.sigmoid(), t.abs(), { reduction: "none" }),
  "klDiv batchmean": (x, t) => F.klDiv(ag.logSoftmax(x, 1), ag.softmax(t, 1), { reduction: "batchmean" }),
  cosineSimilarity: (a, b) => F.cosineSimilarity(a, b, 1),
  "nllLoss weighted": (x, t) => F.nllLoss(ag.logSoftmax(x, 1), t, { weight: ag.tensor([0.5, 1, 2]) }),
  "crossEntropy label smoothing": (x, t) => F.crossEntropy(x, t, { labelSmoothing: 0.1 }),
  silu: (x) => F.silu(x),
  mish: (x) => F.mish(x),
  elu: (x) => F.elu(x, 0.8),
  softsign: (x) => F.softsign(x),
  hardtanh: (x) => F.hardtanh(x.mul(2)),
};

const TOL = { rtol: 2e-4, atol: 2e-5 };

for (const backend of BACKENDS) {
  describe(`op Hessian-vector products vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.name, () => ag.scope(() => {
        const op = OPS[c.name];
        assert.ok(op, `no op for ${c.name}`);
        const leaves: Tensor[] = [];
        const args = c.inputs.map((inp) => {
          if (inp.kind === "i") return ag.tensor(inp.data, inp.shape, { dtype: "int32" });
          const t = ag.tensor(inp.data, inp.shape, { requiresGrad: inp.kind === "p" });
          if (inp.kind === "p") leaves.push(t);
          return t;
        });
        const out = op(...args);
        assertClose(out.dataSync(), c.out.data, `${c.name} forward`, TOL);
        const loss = out.square().mul(ag.tensor(c.u.data, c.u.shape)).sum();
        checkGradAndHvp(c.name, loss, leaves, c, TOL);
      }));
    }
  });
}
