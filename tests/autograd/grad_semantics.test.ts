// torch.autograd.grad's semantics and errors (torch 1.13 wording), createGraph implying
// retainGraph, .grad accumulation under createGraph, and manualBackward passing
// { createGraph, retainGraph } through to backward as Lightning passes its *args/**kwargs.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { BACKENDS, useBackend } from "./backends.ts";
import { assertClose } from "./compare.ts";
import { tensor, scope, grad, ones } from "../../ts/autograd/index.ts";
import { LightningModule, Trainer } from "../../ts/trainer/index.ts";
import { SGD } from "../../ts/optim/index.ts";
import { Linear } from "../../ts/nn/index.ts";
import { DataLoader } from "../../ts/index.ts";

const FREED = /Trying to backward through the graph a second time .*Specify retain_graph=True \(retainGraph: true\)/;

for (const backend of BACKENDS) {
  describe(`grad() semantics on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    test("an unused input: torch's error, or null with allowUnused", () => scope(() => {
      const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
      const y = tensor([4, 5, 6], undefined, { requiresGrad: true });
      assert.throws(() => grad(x.mul(2).sum(), [x, y]),
        /^RuntimeError: One of the differentiated Tensors appears to not have been used in the graph\. Set allow_unused=True if this is the desired behavior\. \(input 1; allowUnused: true in fulgur\)$/);
      const [gx, gy] = grad(x.mul(2).sum(), [x, y], { allowUnused: true });
      assertClose(gx!.dataSync(), [2, 2, 2], "gx");
      assert.equal(gy, null);
    }));

    test("an input that does not require grad, an output without a graph", () => scope(() => {
      const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
      assert.throws(() => grad(x.sum(), [tensor([1, 2])]), /^RuntimeError: One of the differentiated Tensors does not require grad/);
      assert.throws(() => grad(ones([3]).sum(), [x]), /^RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn$/);
    }));

    test("gradOutputs: shape and count checked with torch's messages, used as the vector of a VJP", () => scope(() => {
      const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
      assert.throws(() => grad(x.mul(2), x, { gradOutputs: [ones([2])] }),
        /^RuntimeError: Mismatch in shape: grad_output\[0\] has a shape of torch\.Size\(\[2\]\) and output\[0\] has a shape of torch\.Size\(\[3\]\)\.$/);
      assert.throws(() => grad([x.mul(2), x.mul(3)], x, { gradOutputs: [ones([3])] }), /^RuntimeError: got 2 tensors and 1 gradients$/);
      assert.throws(() => grad(x.mul(2), x), /^RuntimeError: grad can be implicitly created only for scalar outputs$/);
      const [g] = grad(x.square(), x, { gradOutputs: tensor([1, 10, 100]) });
      assertClose(g!.dataSync(), [2, 40, 600], "2x·v");
      // two outputs: their VJPs sum
      const [g2] = grad([x.square(), x.mul(3)], x, { gradOutputs: [ones([3]), tensor([1, 0, 2])] });
      assertClose(g2!.dataSync(), [5, 4, 12], "2x + 3v");
    }));

    test("grad of a non-leaf input stops there", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const h = x.mul(3);
      const [gh, gx] = grad(h.square().sum(), [h, x]);
      assertClose(gh!.dataSync(), [6, 12], "2h");
      assertClose(gx!.dataSync(), [18, 36], "2h·3");
      assert.equal(x.grad, null, "grad() does not accumulate into .grad");
    }));

    test("a freed graph: torch's message naming retainGraph; retainGraph and createGraph keep it", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const l = x.exp().sum();
      grad(l, x);
      assert.throws(() => grad(l, x), FREED);
      const l2 = x.exp().sum();
      l2.backward();
      assert.throws(() => l2.backward(), FREED);
      const l3 = x.exp().sum();
      grad(l3, x, { retainGraph: true });
      grad(l3, x, { createGraph: true }); // createGraph implies retainGraph
      const [g] = grad(l3, x);
      assertClose(g!.dataSync(), [Math.fround(Math.E), 7.389056], "exp(x)");
    }));

    test("second derivative: d²/dx² x³ = 6x, third 6", () => scope(() => {
      const x = tensor([1, -2, 0.5], undefined, { requiresGrad: true });
      const [g1] = grad(x.pow(3).sum(), x, { createGraph: true });
      assert.ok(g1!.requiresGrad && g1!.gradFn !== null, "the first gradient carries a graph");
      const [g2] = grad(g1!.sum(), x, { createGraph: true });
      assertClose(g2!.dataSync(), [6, -12, 3], "6x");
      const [g3] = grad(g2!.sum(), x);
      assertClose(g3!.dataSync(), [6, 6, 6], "6");
      assert.equal(g3!.gradFn, null, "without createGraph the gradient is a constant");
    }));

    test("backward({ createGraph }) accumulates a .grad that has a gradFn (torch's CopyBackwards, then AddBackward0)", () => scope(() => {
      const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
      x.pow(3).sum().backward(undefined, { createGraph: true });
      assert.ok(x.grad!.gradFn !== null, "grad has a graph");
      assertClose(x.grad!.dataSync(), [3, 12, 27], "3x²");
      x.pow(3).sum().backward(undefined, { createGraph: true });
      assertClose(x.grad!.dataSync(), [6, 24, 54], "accumulated");
      // the accumulated grad is differentiable: Σ .grad = 6·Σx² → 12x
      const [h] = grad(x.grad!.sum(), x);
      assertClose(h!.dataSync(), [12, 24, 36], "d/dx Σ 2·3x²");
    }));

    test("without createGraph a gradient is a constant even in grad mode", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const [g] = grad(x.pow(3).sum(), x);
      assert.equal(g!.requiresGrad, false);
      assert.equal(g!.gradFn, null);
    }));
  });
}

describe("manualBackward passes torch's backward arguments through", () => {
  class M extends LightningModule {
    lin = new Linear(2, 1);
    hessDiag: number[] = [];
    constructor() {
      super();
      this.automaticOptimization = false;
    }
    trainingStep(batch: { x: any }): void {
      const opt = this.optimizers();
      opt.zeroGrad();
      const w = this.lin.weight;
      const loss = this.lin.call(batch.x).pow(3).sum();
      this.manualBackward(loss, { createGraph: true });
      assert.ok(w.grad!.gradFn !== null, "createGraph reached loss.backward");
      // retainGraph also passes through: the same loss can be differentiated again
      this.manualBackward(loss, { retainGraph: true });
      const [h] = grad(w.grad!.sum(), w);
      this.hessDiag = Array.from(h!.dataSync());
      w.grad = null;
      opt.step();
    }
    configureOptimizers() {
      return new SGD(this.parameters(), { lr: 0 });
    }
  }

  test("createGraph and retainGraph reach loss.backward", async () => {
    const m = new M();
    const trainer = new Trainer({ maxEpochs: 1, enableProgressBar: false, enableCheckpointing: false, logger: false, enableModelSummary: false });
    await trainer.fit(m, new DataLoader({ x: [[0.5, -1]] }, { batchSize: 1 }));
    assert.equal(m.hessDiag.length, 2);
    for (const v of m.hessDiag) assert.ok(Number.isFinite(v) && v !== 0, `${m.hessDiag}`);
  });
});
