// torch's error type and wording (fixtures/b_errors.json, recorded from torch 1.13) for bad
// input to the ops of tensor API B: shapes that do not broadcast, dims out of range, matmul
// shape errors, dtype refusals.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import fixture from "./fixtures/b_errors.json" with { type: "json" };
import { useBackend } from "../autograd/backends.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { Tensor } from "../../ts/autograd/index.ts";

const o = (...shape: number[]) => ag.ones(shape);
const ints = (...v: number[]) => new Tensor(tf.tensor1d(v, "int32"));
const bools = (...v: boolean[]) => new Tensor(tf.tensor1d(v, "bool"));

const CASES: Record<string, () => unknown> = {
  broadcast: () => o(3, 4).add(o(4, 3)),
  broadcast_3d: () => o(2, 3, 4).mul(o(5, 1)),
  dim_out_of_range: () => o(3).sum(2),
  dim_out_of_range_neg: () => o(2, 3).amax(-3),
  dim_repeated: () => o(3).sum([0, 0]),
  sub_bool: () => bools(true).sub(ints(1)),
  sub_two_bools: () => bools(true).sub(bools(false)),
  neg_bool: () => bools(true).neg(),
  mean_int: () => ints(1, 2).mean(),
  var_int: () => ints(1, 2).var(),
  norm_int: () => ints(1, 2).norm(),
  int_zero_div: () => ints(1, 2).floorDivide(0),
  int_neg_pow: () => ints(1, 2).pow(-1),
  matmul_0d: () => ag.tensor(1).matmul(o(2, 2)),
  matmul_mm: () => o(2, 3).matmul(o(4, 5)),
  matmul_dot: () => o(3).matmul(o(4)),
  matmul_mv: () => o(2, 3).matmul(o(4)),
  matmul_vm: () => o(4).matmul(o(3, 2)),
  matmul_batched: () => o(2, 2, 3).matmul(o(2, 4, 5)),
  matmul_batch_broadcast: () => o(2, 2, 3).matmul(o(3, 3, 5)),
  mm_not_matrix: () => o(2, 3, 1).mm(o(4, 5)),
  mm_mat2: () => o(2, 3).mm(o(3)),
  bmm_batch1: () => o(2, 3).bmm(o(4, 5)),
  bmm_batch2: () => o(2, 2, 3).bmm(o(2, 5)),
  bmm_size: () => o(2, 2, 3).bmm(o(3, 3, 5)),
  dot_size: () => o(3).dot(o(4)),
  dot_rank: () => o(3, 1).dot(o(3)),
  mv_size: () => o(2, 3).mv(o(4)),
  outer_rank: () => o(3, 1).outer(o(3)),
  einsum_size: () => ops.einsum("ij,jk->ik", o(2, 3), o(4, 5)),
  einsum_operands: () => ops.einsum("ij,jk", o(2, 3)),
  max_empty: () => o(0).max(),
  max_dim_empty: () => o(2, 0).max(1),
  clamp_none: () => o(2).clamp(),
  topk_k: () => o(3).topk(4),
  frac_int: () => ints(1, 2).frac(),
  abs_bool: () => bools(true).abs(),
  floor_divide_bool: () => bools(true).floorDivide(bools(true)),
};

describe("tensor API B errors as torch 1.13 words them", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const [name, expected] of Object.entries(fixture.errors)) {
    test(name, () => {
      const run = CASES[name];
      assert.ok(run, `no case "${name}" in the test table`);
      assert.throws(() => ag.scope(() => run()), (e: Error) => {
        assert.equal(e.message, expected.message);
        assert.equal(e.name, expected.type);
        return true;
      });
    });
  }
});
