// Tensor API A semantics: in-place ops against torch (fixtures/gen_a_ops.py), gradients against
// central finite differences, no aliasing between a "view" and its base, dtype inference and
// casts, size queries, and memory (a scope frees what the ops made; in-place keeps kept values kept).
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/a_ops.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";
import { decode, decodeArgs } from "./a_fixture_ops.ts";

const INPLACE: Record<string, (x: Tensor, a: Record<string, any>) => Tensor> = {
  add_: (x, a) => x.add_(a.other, a.alpha ?? 1),
  sub_: (x, a) => x.sub_(a.other),
  mul_: (x, a) => x.mul_(a.other),
  div_: (x, a) => x.div_(a.other),
  fill_: (x, a) => x.fill_(a.value),
  zero_: (x) => x.zero_(),
  copy_: (x, a) => x.copy_(a.src),
  maskedFill_: (x, a) => x.maskedFill_(a.mask, a.value),
  clamp_: (x, a) => x.clamp_(a.min, a.max),
  indexPut_: (x, a) => x.indexPut_(a.indices, a.values, a.accumulate),
};

// x (3 × 4, distinct values) through a composition of A ops, then a nonlinear map, so that the
// finite difference of Σ f(x)·w checks each backward formula against its own forward.
const X = Array.from({ length: 12 }, (_, i) => ((i * 7) % 12) / 6 - 1 + 0.013 * i);
const W = Array.from({ length: 64 }, (_, i) => ((i * 5) % 11) / 5 - 1);
const idx = (v: number[][]) => ag.tensor(v, { dtype: "int64" });
const FD: Record<string, (x: Tensor) => Tensor> = {
  "gather / scatterAdd": (x) => ag.zeros(3, 4).scatterAdd(1, idx([[3, 3, 0], [1, 2, 1], [0, 0, 0]]), x.gather(1, idx([[0, 1, 3], [2, 2, 0], [1, 3, 3]])).tanh()),
  "indexSelect / indexAdd": (x) => x.indexSelect(1, ag.tensor([3, 0, 3])).tanh().indexAdd(0, ag.tensor([2, 2, 0]), x.narrow(1, 0, 3).square()),
  "slice with step / select / cat": (x) => ag.cat([x.slice(1, -4, null, 3).sigmoid(), x.select(1, -1).unsqueeze(1).tanh()], 1),
  "permute / expand / repeat / sumToSize": (x) => x.unsqueeze(0).permute(2, 0, 1).expand(4, 2, 3).repeat(1, 1, 2).tanh().sumToSize(4, 1, 6),
  "where / maskedFill / tril / triu": (x) =>
    ag.where(ag.tensor([[true], [false], [true]]), x.tanh().tril().maskedFill(ag.tensor([true, false, false, true]), 0.5), x.square().triu(1)),
  "stack / split / chunk / unbind": (x) => ag.stack([...x.split([1, 3], 1).map((p) => p.sum(1)), ...x.chunk(2, 1)[1].tanh().unbind(1)], 0),
  "maskedSelect / take / flatten": (x) => ag.cat([x.maskedSelect(ag.tensor([[true], [false], [true]])).tanh(), x.flatten().take(ag.tensor([11, -12, 5])).square()]),
  "scatter (src and value)": (x) => x.scatter(0, idx([[2, 0, 1, 1]]), x.narrow(0, 1, 1).tanh()).scatter(1, idx([[0], [2], [1]]), 0.25).square(),
};

function lossAt(f: (x: Tensor) => Tensor, xs: number[]): number {
  return ag.scope(() => ag.noGrad(() => {
    const out = f(ag.tensor(xs, [3, 4]));
    return out.mul(ag.tensor(W.slice(0, out.size), out.shape)).sum().item();
  }));
}

for (const backend of BACKENDS) {
  describe(`tensor API A semantics on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    for (const c of fixture.inplace) {
      test(`in-place ${c.name} matches torch and returns the same tensor`, () => {
        ag.scope(() => {
          const x = decode(c.x) as Tensor;
          const y = INPLACE[c.op](x, decodeArgs(c.args));
          assert.equal(y, x, "returns the tensor itself");
          assert.deepEqual(x.shape, c.out.shape);
          assert.equal(x.dtype, c.out.dtype === "int64" ? "int32" : c.out.dtype);
          assertClose(Array.from(x.value.dataSync() as ArrayLike<number>), (c.out.t as Array<number | boolean>).map(Number), c.name);
        });
      });
    }

    for (const [name, f] of Object.entries(FD)) {
      test(`finite differences: ${name}`, () => {
        const analytic = ag.scope(() => {
          const x = ag.tensor(X, [3, 4], { requiresGrad: true });
          const out = f(x);
          out.mul(ag.tensor(W.slice(0, out.size), out.shape)).sum().backward();
          return Array.from(x.grad!.dataSync());
        });
        const h = 1e-2;
        const numeric = X.map((_, i) => {
          const up = X.slice(), down = X.slice();
          up[i] += h;
          down[i] -= h;
          return (lossAt(f, up) - lossAt(f, down)) / (2 * h);
        });
        assertClose(analytic, numeric, name, { rtol: 2e-2, atol: 2e-2 });
      });
    }

    test("views do not alias: writing into a view leaves its base unchanged (and back)", () => {
      ag.scope(() => {
        const base = ag.arange(6, { dtype: "float32" });
        const v = base.view(2, 3);
        v.add_(10);
        base.select(0, 0);
        assert.deepEqual(base.tolist(), [0, 1, 2, 3, 4, 5]);
        const s = base.narrow(0, 1, 2);
        base.zero_();
        assert.deepEqual(s.tolist(), [1, 2]);
        assert.deepEqual(v.tolist(), [[10, 11, 12], [13, 14, 15]]);
      });
    });

    test("contiguous() and to(same dtype) return the tensor itself; casts to int or bool do not require grad", () => {
      ag.scope(() => {
        const x = ag.tensor([[0.5, -1.5]], { requiresGrad: true });
        assert.equal(x.contiguous(), x);
        assert.equal(x.to("float32"), x);
        assert.equal(x.float(), x);
        const i = x.long();
        assert.equal(i.dtype, "int32");
        assert.equal(i.requiresGrad, false);
        assert.equal(x.bool().dtype, "bool");
        assert.equal(i.to(x).dtype, "float32");
      });
    });

    test("tensor() infers torch's dtypes; dtype and requiresGrad options", () => {
      ag.scope(() => {
        assert.equal(ag.tensor([1, 2]).dtype, "int32");
        assert.equal(ag.tensor([1, 2.5]).dtype, "float32");
        assert.equal(ag.tensor([[true], [false]]).dtype, "bool");
        assert.equal(ag.tensor([1, 2], { dtype: "float32" }).dtype, "float32");
        assert.equal(ag.tensor([1, 2], { requiresGrad: true }).dtype, "float32");
        assert.equal(ag.tensor(Float32Array.of(1, 2)).dtype, "float32");
        assert.equal(ag.tensor([1, 2], [2]).dtype, "float32", "the shape form keeps its float32 default");
        assert.deepEqual(ag.tensor(3).shape, []);
        const rows = ag.tensor([Float32Array.of(1, 2), Float32Array.of(3, 4)]);
        assert.deepEqual([rows.shape, rows.dtype, rows.tolist()], [[2, 2], "float32", [[1, 2], [3, 4]]]);
        const copy = ag.tensor(rows);
        rows.add_(1);
        assert.deepEqual(copy.tolist(), [[1, 2], [3, 4]], "tensor(t) copies");
        assert.equal(ag.tensor(rows, { dtype: "int64" }).dtype, "int32");
        assert.throws(() => ag.tensor([[1, 2], [3]]), /expected sequence of length 2 at dim 1 \(got 1\)/);
        assert.equal(ag.zeros(2, 3, { dtype: "int64" }).dtype, "int32");
        assert.equal(ag.onesLike(ag.tensor([1, 2])).dtype, "int32");
        assert.deepEqual(ag.fullLike(ag.tensor([1.5]), 2).tolist(), [2]);
        assert.deepEqual(ag.emptyLike(ag.zeros(2, 1)).shape, [2, 1]);
        assert.deepEqual(ag.empty([3, 0]).shape, [3, 0]);
        const base = ag.tensor([1, 2]);
        assert.deepEqual([base.newZeros([2, 1]).dtype, base.newZeros([2, 1]).shape], ["int32", [2, 1]]);
        assert.deepEqual(base.newFull([2], 7).tolist(), [7, 7]);
        assert.equal(base.newOnes([1], { dtype: "float32", requiresGrad: true }).requiresGrad, true);
        assert.throws(() => base.newOnes([1], { requiresGrad: true }), /Only Tensors of floating point/);
      });
    });

    test("numel, dim, sizeOf, tolist", () => {
      ag.scope(() => {
        const x = ag.zeros(2, 3, 4);
        assert.equal(x.numel(), 24);
        assert.equal(x.dim(), 3);
        assert.deepEqual(x.sizeOf(), [2, 3, 4]);
        assert.equal(x.sizeOf(-1), 4);
        assert.throws(() => x.sizeOf(3), /Dimension out of range/);
        assert.deepEqual(ag.tensor([[1, 2], [3, 4]]).tolist(), [[1, 2], [3, 4]]);
        assert.deepEqual(ag.tensor([true, false]).tolist(), [true, false]);
        assert.equal(ag.tensor(2.5).tolist(), 2.5);
      });
    });

    test("an in-place result lives as long as its tensor: accumulators made outside a scope survive it, without leaking", () => {
      const start = ag.liveTensorCount();
      const acc = ag.zeros(3);
      for (let k = 0; k < 4; k++) ag.scope(() => void acc.add_(ag.tensor([1, 2, 3], { dtype: "float32" })).mul_(1));
      assert.deepEqual(acc.tolist(), [4, 8, 12]);
      assert.equal(ag.liveTensorCount(), start + 1, "only the accumulator's value is live");
      acc.dispose();
      ag.scope(() => {
        const inner = ag.zeros(2, { dtype: "int64" });
        for (let k = 0; k < 3; k++) ag.scope(() => void inner.add_(ag.tensor([k, 1])));
        assert.deepEqual(inner.tolist(), [3, 3]);
      });
      assert.equal(ag.liveTensorCount(), start, "the outer scope freed the accumulator");
    });

    test("a scope frees what the ops made; in-place on a kept tensor keeps it kept without leaking", () => {
      const p = ag.keep(ag.zeros([3, 4], { requiresGrad: true }));
      const before = ag.liveTensorCount();
      for (let k = 0; k < 3; k++) {
        ag.scope(() => {
          const x = ag.tensor(X, [3, 4], { requiresGrad: true });
          const parts = ag.cat([x.gather(1, idx([[0], [1], [2]])), x.slice(1, 1, null, 2), x.indexSelect(1, ag.tensor([0]))], 1);
          parts.mul(p.narrow(1, 0, 4)).sum().backward();
          ag.noGrad(() => p.add_(x.grad!));
          x.grad!.dispose(); // a leaf's grad is kept (it outlives scopes), so this test frees it
        });
      }
      p.grad!.dispose(); // p's accumulated grad (kept, as every leaf's)
      assert.equal(ag.liveTensorCount(), before, "no tensor left behind");
      assert.equal(p.value.kept, true);
      assert.equal(p.value.isDisposed, false);
      p.dispose();
    });
  });
}
