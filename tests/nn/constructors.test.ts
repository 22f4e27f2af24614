// torch's calling convention: optional constructor arguments positionally (torch's order) or as a
// trailing options object; weighted losses keep `weight` as a buffer (in state_dict) as torch's _WeightedLoss.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../autograd/backends.ts";
import { tensor, scope } from "../../ts/autograd/index.ts";
import * as nn from "../../ts/nn/index.ts";
import * as F from "../../ts/nn/functional.ts";

describe("layer constructors", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });

  test("positional optional arguments mean what torch's do", () => {
    const a = new nn.Conv2d(1, 32, 3, 1, 2, 1, 1, false);
    assert.deepEqual([a.stride, a.padding, a.dilation, a.groups, a.bias], [[1, 1], [2, 2], [1, 1], 1, null]);
    const b = new nn.Conv2d(4, 8, [3, 5], 2, { groups: 2 });
    assert.deepEqual([b.stride, b.groups, b.weight.shape], [[2, 2], 2, [8, 2, 3, 5]]);
    assert.deepEqual(new nn.Conv1d(2, 3, 4, { padding: "same" }).padding, "same");
    assert.deepEqual(new nn.ConvTranspose2d(3, 2, 3, 2, 1, 1).outputPadding, [1, 1]);
    assert.equal(new nn.MaxPool2d(3, 2, 1).padding, 1);
    assert.equal(new nn.MaxPool2d(3, null, 0, 1, false, true).ceilMode, true);
    assert.equal(new nn.AvgPool2d(2, 1, 0, false, false, 3).divisorOverride, 3);
    const bn = new nn.BatchNorm1d(4, 1e-3, null, false);
    assert.deepEqual([bn.eps, bn.momentum, bn.affine, bn.trackRunningStats], [1e-3, null, false, true]);
    assert.deepEqual([new nn.LayerNorm([2, 3], 1e-6, false).eps, new nn.LayerNorm(3, { elementwiseAffine: false }).weight], [1e-6, null]);
    assert.equal(new nn.GroupNorm(2, 4, 1e-3, false).weight, null);
    assert.equal(new nn.Dropout(0.2, true).inplace, true);
    assert.equal(new nn.Embedding(5, 2, 1).paddingIdx, 1);
    assert.equal(new nn.Embedding(5, 2, -1).paddingIdx, 4);
  });

  test("a value given twice, too many arguments, and unsupported Embedding options are refused", () => {
    assert.throws(() => new nn.Conv2d(1, 1, 3, 2, { stride: 1 }), /Conv2d got multiple values for argument 'stride'/);
    assert.throws(() => new (nn.Dropout as any)(0.1, true, false), /Dropout takes at most 1 optional positional arguments \(inplace\), got 2/);
    assert.throws(() => new nn.Embedding(5, 2, null, 1.0), /max_norm is not supported/);
  });

  test("ConvTranspose2d.forward(x, outputSize) picks the output padding, or names the valid range", () => scope(() => {
    const m = new nn.ConvTranspose2d(2, 3, 3, 2, 1);
    const x = tensor(Array.from({ length: 40 }, (_, i) => Math.sin(i)), [1, 2, 4, 5]);
    assert.deepEqual(m.call(x).shape, [1, 3, 7, 9]);
    const big = m.call(x, [8, 10]);
    assert.deepEqual(big.shape, [1, 3, 8, 10]);
    const padded = new nn.ConvTranspose2d(2, 3, 3, 2, 1, 1);
    padded.loadStateDict(m.stateDict());
    assert.deepEqual(Array.from(big.dataSync()), Array.from(padded.call(x).dataSync()));
    assert.throws(() => m.call(x, [9, 10]), { message: "requested an output size of [9, 10], but valid sizes range from [7, 9] to [8, 10] (for an input of [4, 5])" });
  }));

  test("weighted losses: weight first, kept as a buffer, same value as the functional form", () => scope(() => {
    const w = tensor([0.5, 2, 1]);
    const ce = new nn.CrossEntropyLoss(w, { labelSmoothing: 0.1 });
    assert.deepEqual(Object.keys(ce.stateDict()), ["weight"]);
    assert.deepEqual(Object.keys(new nn.CrossEntropyLoss().stateDict()), []);
    const x = tensor([[1, 2, 0.5], [0.1, -1, 2]]);
    assert.equal(ce.call(x, [1, 2]).item(), F.crossEntropy(x, [1, 2], { weight: w, labelSmoothing: 0.1 }).item());
    const bce = new nn.BCEWithLogitsLoss({ posWeight: tensor([2, 1, 1]) });
    assert.deepEqual(Object.keys(bce.stateDict()), ["pos_weight"]);
    assert.equal(new nn.NLLLoss(w).call(x, [0, 1]).item(), F.nllLoss(x, [0, 1], { weight: w }).item());
    assert.equal(new nn.MSELoss({ reduction: "sum" }).call(x, x.mul(2)).item(), F.mseLoss(x, x.mul(2), { reduction: "sum" }).item());
  }));
});
