// Bad input to the tensor API A ops raises torch's error class with torch's message (recorded
// from torch 1.13 by fixtures/gen_a_ops.py), and every such error is a FulgurError.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/a_ops.json" with { type: "json" };
import { init } from "../../ts/index.node.ts";
import * as ag from "../../ts/autograd/index.ts";
import { FulgurError } from "../../ts/errors.ts";

before(async () => {
  await init();
});

const x = () => ag.zeros(2, 3);
const L = (...v: number[]) => ag.tensor(v, { dtype: "int64" });

const CASES: Record<string, () => unknown> = {
  view_invalid: () => x().view(4),
  view_two_inferred: () => x().view(-1, -1),
  dim_out_of_range: () => x().unsqueeze(3),
  select_out_of_range: () => x().select(0, 5),
  narrow_exceeds: () => x().narrow(1, 2, 2),
  index_select_out_of_range: () => x().indexSelect(0, L(5)),
  index_select_float_index: () => x().indexSelect(0, ag.tensor([0], { dtype: "float32" })),
  gather_out_of_bounds: () => x().gather(0, ag.tensor([[5, 0, 0]])),
  gather_float_index: () => x().gather(0, ag.tensor([[1.5, 0, 0]])),
  gather_rank_mismatch: () => x().gather(0, L(0, 0, 0)),
  scatter_add_float_index: () => x().scatterAdd(0, ag.tensor([[1.5, 0, 0]]), ag.ones(1, 3)),
  scatter_add_out_of_bounds: () => x().scatterAdd(0, ag.tensor([[5, 0, 0]]), ag.ones(1, 3)),
  expand_mismatch: () => x().expand(4, 3),
  where_no_broadcast: () => ag.where(ag.full([2, 3], true), x(), ag.zeros(4)),
  masked_fill_no_broadcast: () => x().maskedFill(ag.zeros(4, { dtype: "bool" }), 1),
  cat_sizes: () => ag.cat([x(), ag.zeros(2, 4)]),
  cat_ranks: () => ag.cat([x(), ag.zeros(3)]),
  stack_sizes: () => ag.stack([x(), ag.zeros(3, 2)]),
  permute_duplicate: () => x().permute(0, 0),
  repeat_too_few: () => x().repeat(2),
  inplace_leaf: () => ag.zeros([2, 3], { requiresGrad: true }).add_(1),
  int_requires_grad: () => ag.tensor([1, 2], { dtype: "int64", requiresGrad: true }),
  take_out_of_range: () => x().take(L(6)),
  flatten_order: () => x().flatten(1, 0),
  unflatten_product: () => x().unflatten(1, [2, 2]),
  split_sections_sum: () => x().split([1, 1], 1),
  chunk_zero: () => x().chunk(0),
  arange_zero_step: () => ag.arange(0, 5, 0),
  arange_sign: () => ag.arange(5, 0, 1),
  inplace_broadcast: () => x().add_(ag.zeros(4, 2, 3)),
  inplace_int_float: () => ag.zeros([2], { dtype: "int64" }).add_(1.5),
  t_3d: () => ag.zeros(2, 3, 4).t(),
  copy_no_broadcast: () => x().copy_(ag.zeros(4)),
  index_out_of_bounds: () => x().index([L(5)]),
  index_put_shape: () => x().indexPut([L(0, 1)], ag.ones(2)),
};

// where fulgur's wording differs from torch's on purpose (it names the in-place op it refused)
const PREFIX_ONLY = new Set(["inplace_leaf"]);

describe("tensor API A errors in torch's words", () => {
  for (const c of fixture.errors) {
    test(c.name, () => {
      const fn = CASES[c.name];
      assert.ok(fn, `no case "${c.name}" in the test table`);
      ag.scope(() => {
        let err: any = null;
        try {
          fn();
        } catch (e) {
          err = e;
        }
        assert.ok(err, `${c.name}: no error raised`);
        assert.ok(err instanceof FulgurError, `${c.name}: ${err} is not a FulgurError`);
        assert.equal(err.name, c.type, `${c.name}: error class`);
        if (PREFIX_ONLY.has(c.name)) assert.ok(err.message.startsWith(c.message), `${c.name}: "${err.message}" does not start with "${c.message}"`);
        else assert.equal(err.message, c.message, `${c.name}: message`);
      });
    });
  }

  test("in-place ops: a leaf under noGrad and tensors without grad are allowed, graph nodes refused", () => {
    ag.scope(() => {
      const p = ag.zeros([2], { requiresGrad: true });
      ag.noGrad(() => p.add_(1).mul_(3));
      assert.deepEqual(p.tolist(), [3, 3]);
      assert.ok(p.requiresGrad && p.isLeaf);
      const y = p.mul(2);
      assert.throws(() => y.fill_(0), /in-place operations on a tensor that is part of a graph/);
    });
  });

  test("an index out of range names the index and the size", () => {
    ag.scope(() => {
      assert.throws(() => ag.zeros(3, 2).gather(0, ag.tensor([[0, 7]])), { name: "RuntimeError", message: "index 7 is out of bounds for dimension 0 with size 3" });
      assert.throws(() => ag.zeros(3).scatter(0, ag.tensor([-1]), 1), { name: "RuntimeError", message: "index -1 is out of bounds for dimension 0 with size 3" });
      assert.throws(() => ag.zeros(3).narrow(0, 4, 0), { name: "IndexError", message: "start out of range (expected to be in range of [-3, 3], but got 4)" });
      assert.throws(() => ag.zeros(2, 3).slice(1, 0, 2, 0), /slice step must be positive/);
      assert.throws(() => ag.zeros(2, 3).squeeze(2), { name: "IndexError", message: "Dimension out of range (expected to be in range of [-2, 1], but got 2)" });
    });
  });
});
