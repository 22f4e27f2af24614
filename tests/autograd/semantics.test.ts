// torch autograd semantics: accumulation, requiresGrad=false leaves, detach, grad mode, shared
// subgraphs, long chains, released graphs and torch's error messages.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { BACKENDS, useBackend } from "./backends.ts";
import { assertClose } from "./compare.ts";
import {
  tensor, scope, noGrad, enableGrad, isGradEnabled, Parameter, ones, topologicalOrder,
} from "../../ts/autograd/index.ts";

for (const backend of BACKENDS) {
  describe(`autograd semantics on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    test("grads accumulate across two backward calls", () => scope(() => {
      const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
      x.mul(x).sum().backward(); // 2x
      assertClose(x.grad!.dataSync(), [2, 4, 6], "after first backward");
      const gradObject = x.grad;
      x.mul(3).sum().backward(); // + 3
      assertClose(x.grad!.dataSync(), [5, 7, 9], "after second backward");
      assert.equal(x.grad, gradObject, "the grad Tensor object is updated in place");
    }));

    test("a leaf with requiresGrad = false gets no gradient", () => scope(() => {
      const w = new Parameter(tensor([1, 2]).value);
      const frozen = new Parameter(tensor([3, 4]).value);
      frozen.requiresGrad = false;
      w.mul(frozen).sum().backward();
      assertClose(w.grad!.dataSync(), [3, 4], "w.grad");
      assert.equal(frozen.grad, null);
      w.grad!.dispose();
      w.dispose();
      frozen.dispose();
    }));

    test("detach cuts the graph", () => scope(() => {
      const x = tensor([2], undefined, { requiresGrad: true });
      const y = x.mul(x);
      const d = y.detach();
      assert.equal(d.requiresGrad, false);
      assert.equal(d.gradFn, null);
      y.add(d.mul(x)).sum().backward(); // d/dx (x² + stop(x²)·x) = 2x + x² = 8
      assertClose(x.grad!.dataSync(), [8], "x.grad");
    }));

    test("noGrad records nothing; enableGrad re-enables inside it", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const y = noGrad(() => {
        assert.equal(isGradEnabled(), false);
        const inner = enableGrad(() => x.mul(2));
        assert.equal(inner.requiresGrad, true);
        return x.mul(2);
      });
      assert.equal(isGradEnabled(), true);
      assert.equal(y.requiresGrad, false);
      assert.equal(y.gradFn, null);
      assert.throws(() => y.sum().backward(), /element 0 of tensors does not require grad and does not have a grad_fn/);
    }));

    test("a subgraph used twice gets the summed gradient, visited once", () => scope(() => {
      const x = tensor([1, -2], undefined, { requiresGrad: true });
      const h = x.tanh();
      const loss = h.mul(h).add(h).sum(); // d/dx = (2h + 1)(1 - h²)
      assert.equal(topologicalOrder(loss.gradFn!).filter((n) => n.name === "Tanh").length, 1);
      loss.backward();
      const hv = [Math.tanh(1), Math.tanh(-2)];
      assertClose(x.grad!.dataSync(), hv.map((v) => (2 * v + 1) * (1 - v * v)), "x.grad", { rtol: 1e-5, atol: 1e-6 });
    }));

    test("the same leaf on both sides of an op", () => scope(() => {
      const x = tensor([3], undefined, { requiresGrad: true });
      x.add(x).mul(x).sum().backward(); // 2x² → 4x
      assertClose(x.grad!.dataSync(), [12], "x.grad");
    }));

    test("a 10k-node chain backward does not overflow the stack", () => scope(() => {
      const x = tensor([1], undefined, { requiresGrad: true });
      let y = x;
      for (let i = 0; i < 10000; i++) y = y.mul(1.0001);
      y.sum().backward();
      assertClose(x.grad!.dataSync(), [Math.fround(1.0001) ** 10000], "x.grad", { rtol: 1e-3 });
    }));

    test("backward on a tensor that does not require grad throws torch's error", () => scope(() => {
      assert.throws(() => ones([1]).backward(), /^RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn$/);
    }));

    test("backward of a non-scalar without grad throws; with grad it works", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const y = x.mul(3);
      assert.throws(() => y.backward(), /grad can be implicitly created only for scalar outputs/);
      y.backward(tensor([1, 10]));
      assertClose(x.grad!.dataSync(), [3, 30], "x.grad");
      assert.throws(() => x.mul(2).backward(tensor([1, 2, 3])), /Mismatch in shape/);
    }));

    test("a second backward through a freed graph throws; retainGraph keeps it", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const y = x.mul(x).sum();
      y.backward(undefined, { retainGraph: true });
      y.backward();
      assertClose(x.grad!.dataSync(), [4, 8], "two backwards with retainGraph");
      assert.throws(() => y.backward(), /Trying to backward through the graph a second time/);
    }));

    test("ops that save no values can be backpropagated twice, as in torch", () => scope(() => {
      const x = tensor([1, 2], undefined, { requiresGrad: true });
      const y = x.add(1).sum();
      y.backward();
      y.backward();
      assertClose(x.grad!.dataSync(), [2, 2], "x.grad");
    }));

    test("requiresGrad_(false) on a non-leaf throws torch's error", () => scope(() => {
      const x = tensor([1], undefined, { requiresGrad: true });
      assert.throws(() => x.mul(2).requiresGrad_(false), /you can only change requires_grad flags of leaf variables/);
    }));

    test("backward directly on a leaf seeds its grad", () => scope(() => {
      const x = tensor([5], undefined, { requiresGrad: true });
      x.backward();
      assertClose(x.grad!.dataSync(), [1], "x.grad");
    }));
  });
}
