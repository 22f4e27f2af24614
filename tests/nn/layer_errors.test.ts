// Bad input gets torch's kind of error naming the problem (layer, expected and received shapes),
// and the mode-dependent layers behave as torch's in train and eval.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../autograd/backends.ts";
import { tensor, scope, zeros, ones, type Tensor } from "../../ts/autograd/index.ts";
import * as nn from "../../ts/nn/index.ts";
import * as F from "../../ts/nn/functional.ts";
import { ValueError, FulgurRuntimeError } from "../../ts/errors.ts";

describe("layer errors and modes", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });

  test("a conv given the wrong number of channels names the layer, the weight and both shapes", () => scope(() => {
    const conv = new nn.Conv2d(3, 8, 3);
    assert.throws(() => conv.call(zeros([1, 4, 5, 5])), (e: Error) => {
      assert.ok(e instanceof FulgurRuntimeError);
      assert.equal(e.message, "Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1)): Given groups=1, weight of size [8, 3, 3, 3], " +
        "expected input[1, 4, 5, 5] to have 3 channels, but got 4 channels instead");
      return true;
    });
    assert.throws(() => new nn.Conv1d(2, 4, 3, { groups: 2 }).call(zeros([1, 3, 6])), /Conv1d\(2, 4, kernel_size=\(3,\), stride=\(1,\), groups=2\): .*expected input\[1, 3, 6\] to have 2 channels, but got 3 channels instead/);
  }));

  test("an input smaller than the kernel", () => scope(() => {
    const conv = new nn.Conv2d(1, 1, 5);
    assert.throws(() => conv.call(zeros([1, 1, 3, 8])), /Conv2d\(1, 1, kernel_size=\(5, 5\), stride=\(1, 1\)\): .*Kernel size can't be greater than actual input size/);
  }));

  test("constructor arguments checked as torch", () => {
    assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), { name: "ValueError", message: "in_channels must be divisible by groups" });
    assert.throws(() => new nn.Conv2d(4, 3, 3, { groups: 2 }), { message: "out_channels must be divisible by groups" });
    assert.throws(() => new nn.Conv2d(1, 1, 3, { padding: "same", stride: 2 }), { message: "padding='same' is not supported for strided convolutions" });
    assert.throws(() => new nn.Conv2d(1, 1, 3, { padding: "full" as any }), /Invalid padding string 'full'/);
    assert.throws(() => new nn.Conv2d(1, 1, 3, { paddingMode: "reflect" }), /padding_mode='reflect' is not supported by fulgur \(only 'zeros'\)/);
    assert.throws(() => new nn.GroupNorm(4, 6), { name: "ValueError", message: "num_channels must be divisible by num_groups" });
    assert.throws(() => new nn.Embedding(4, 2, { paddingIdx: 4 }), { message: "Padding_idx must be within num_embeddings" });
  });

  test("dropout p outside [0, 1]: torch's ValueError", () => scope(() => {
    assert.throws(() => new nn.Dropout(1.5), (e: Error) => e instanceof ValueError && e.message === "dropout probability has to be between 0 and 1, but got 1.5");
    assert.throws(() => new nn.Dropout(-0.1), /but got -0.1/);
    assert.throws(() => F.dropout(ones([2]), 2), /dropout probability has to be between 0 and 1, but got 2/);
  }));

  test("dropout: scaled survivors in training, identity in eval and at p = 0, zeros at p = 1", () => scope(() => {
    const x = tensor(Array.from({ length: 400 }, (_, i) => 1 + (i % 7)), [20, 20], { requiresGrad: true });
    const d = new nn.Dropout(0.25);
    const y = d.call(x);
    const xs = x.dataSync(), ys = y.dataSync();
    let kept = 0;
    ys.forEach((v: number, i: number) => {
      if (v !== 0) {
        kept++;
        assert.equal(v, Math.fround(xs[i] * Math.fround(1 / 0.75)), "survivor scaled by 1/(1-p)");
      }
    });
    assert.ok(kept > 240 && kept < 360, `about 3/4 kept (${kept})`);
    y.sum().backward();
    assert.deepEqual(Array.from(x.grad!.dataSync(), (g) => g !== 0), Array.from(ys, (v) => v !== 0), "gradient through the same mask");
    d.eval();
    assert.equal(d.call(x), x);
    assert.equal(new nn.Dropout(0).call(x), x);
    assert.deepEqual(Array.from(new nn.Dropout(1).call(x).dataSync()), new Array(400).fill(0));
  }));

  test("batch norm: input rank, one value per channel, channel count", () => scope(() => {
    assert.throws(() => new nn.BatchNorm2d(3).call(zeros([2, 3, 4])), { name: "ValueError", message: "expected 4D input (got 3D input)" });
    assert.throws(() => new nn.BatchNorm1d(3).call(zeros([2, 3, 4, 4])), { message: "expected 2D or 3D input (got 4D input)" });
    assert.throws(() => new nn.BatchNorm1d(3).call(zeros([1, 3])), { message: "Expected more than 1 value per channel when training, got input size [1, 3]" });
    assert.ok(new nn.BatchNorm1d(3).eval().call(zeros([1, 3])), "eval accepts a single sample");
    assert.throws(() => new nn.BatchNorm2d(3).call(zeros([2, 4, 2, 2])), /BatchNorm2d\(3\) got input of shape \[2, 4, 2, 2\]: expected 3 channels/);
  }));

  test("batch norm: eval leaves the running statistics alone, train updates them", () => scope(() => {
    const bn = new nn.BatchNorm1d(2);
    const x = tensor([[1, 2], [3, 6], [5, 1]], undefined, { dtype: "float32" });
    bn.eval();
    const y = bn.call(x);
    assert.deepEqual(Array.from(bn.runningMean!.dataSync()), [0, 0]);
    assert.equal(bn.numBatchesTracked!.item(), 0);
    const eps = Math.fround(1 / Math.sqrt(1 + 1e-5));
    y.dataSync().forEach((v: number, i: number) => assert.ok(Math.abs(v - x.dataSync()[i] * eps) < 1e-6, "eval normalises with mean 0, var 1"));
    bn.train();
    bn.call(x);
    assert.equal(bn.numBatchesTracked!.item(), 1);
    const rm = bn.runningMean!.dataSync();
    assert.ok(Math.abs(rm[0] - 0.3) < 1e-6 && Math.abs(rm[1] - 0.3) < 1e-6, `momentum 0.1 of the batch mean 3: ${rm}`);
    bn.resetRunningStats();
    assert.equal(bn.numBatchesTracked!.item(), 0);
  }));

  test("layer norm, group norm, embedding and unflatten name the shapes", () => scope(() => {
    assert.throws(() => new nn.LayerNorm(4).call(zeros([2, 3])), { message: "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]" });
    assert.throws(() => F.groupNorm(zeros([2, 6, 3]), 4), /Expected number of channels in input to be divisible by num_groups, but got input of shape \[2, 6, 3\] and num_groups=4/);
    assert.throws(() => new nn.Embedding(4, 2).call(tensor([1, 4])), /index out of range in self/);
    assert.throws(() => new nn.Unflatten(1, [2, 4]).call(zeros([2, 6])), { message: "unflatten: Provided sizes [2, 4] don't multiply up to the size of dim 1 (6) in the input tensor" });
    assert.deepEqual(new nn.Unflatten(-1, [3, -1]).call(zeros([2, 6])).shape, [2, 3, 2]);
    assert.deepEqual(new nn.Flatten(0).call(zeros([2, 3, 4])).shape, [24]);
  }));

  test("losses refuse bad options in torch's words", () => scope(() => {
    const x = tensor([[0.2, 0.8], [0.5, 0.5]]);
    assert.throws(() => F.mseLoss(x, x, { reduction: "avg" as any }), /avg is not a valid value for reduction/);
    assert.throws(() => F.binaryCrossEntropy(tensor([[1.2, 0.5]]), tensor([[1, 0]])), /all elements of input should be between 0 and 1/);
    assert.throws(() => F.crossEntropy(x, [0, 1], { labelSmoothing: 1.5 }), /label_smoothing must be between 0.0 and 1.0. Got: 1.5/);
    assert.throws(() => F.nllLoss(x, [0, 1], { weight: tensor([1, 2, 3]) }), /weight tensor should be defined either for all 2 classes or no classes/);
    assert.throws(() => F.crossEntropy(zeros([2, 3, 4]), tensor([[0, 1, 2, 0], [1, 1, 1, 9]])), /Target 9 is out of bounds/);
  }));
});
