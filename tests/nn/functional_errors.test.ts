// Loss argument checks: clear errors in torch's wording instead of silent broadcasting.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../autograd/backends.ts";
import { tensor, scope } from "../../ts/autograd/index.ts";
import { mseLoss, binaryCrossEntropyWithLogits, crossEntropy, nllLoss, smoothL1Loss, l1Loss } from "../../ts/nn/index.ts";

describe("functional loss errors", () => {
  before(async () => {
    await useBackend("cpu");
  });

  test("target shape must equal input shape", () => scope(() => {
    const x = tensor([[1], [2]]);
    assert.throws(() => mseLoss(x, tensor([1, 2])), /mse_loss: target size \[2\] must be the same as input size \[2, 1\]/);
    assert.throws(() => l1Loss(x, tensor([1, 2])), /l1_loss/);
    assert.throws(() => binaryCrossEntropyWithLogits(x, tensor([1, 0])), /Target size \(\[2\]\) must be the same as input size \(\[2, 1\]\)/);
  }));

  test("cross entropy checks targets", () => scope(() => {
    const logits = tensor([[1, 2, 3], [0, 0, 1]]);
    assert.throws(() => crossEntropy(logits, [0, 3]), /Target 3 is out of bounds\./);
    assert.throws(() => crossEntropy(logits, [0]), /Expected input batch_size \(2\) to match target batch_size \(1\)\./);
    assert.throws(() => crossEntropy(tensor([1, 2]), [0]), /cross_entropy: expected logits of shape \[N, C\]/);
    assert.ok(Number.isFinite(crossEntropy(logits, tensor([2, 0])).item()), "targets may be a Tensor of indices");
  }));

  test("ignored rows: skipped even at -inf, and no row counted gives a NaN loss with a zero gradient (torch 1.13)", () => scope(() => {
    const lp = tensor([[-1, -2], [-Infinity, -0.5], [-0.3, -4]], undefined, { requiresGrad: true });
    const loss = nllLoss(lp, [1, 0, 0], 0); // rows 1 and 2 target the ignored class 0
    assert.equal(loss.item(), 2);
    loss.backward();
    assert.deepEqual(Array.from(lp.grad!.value.dataSync()), [0, -1, 0, 0, 0, 0]);
    const x = tensor([[1, 2], [3, 4]], undefined, { requiresGrad: true });
    const none = crossEntropy(x, [-100, -100]);
    assert.ok(Number.isNaN(none.item()));
    none.backward();
    assert.deepEqual(Array.from(x.grad!.value.dataSync()), [0, 0, 0, 0]);
  }));

  test("smooth L1 with beta 0 is L1, negative beta throws", () => scope(() => {
    const x = tensor([0.5, -2]), y = tensor([0, 0]);
    assert.equal(smoothL1Loss(x, y, 0).item(), l1Loss(x, y).item());
    assert.throws(() => smoothL1Loss(x, y, -1), /does not support negative values for beta/);
  }));
});
