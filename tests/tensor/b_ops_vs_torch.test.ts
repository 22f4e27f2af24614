// Tensor API B against torch 1.13 (fixtures/b_gen.py): every op's forward value, its input
// gradients, and a Hessian-vector product through grad(..., { createGraph: true }) — the
// gradient of Σ grad_i · v_i — on the reference CPU backend and on fulgur-wasm. An op whose
// kernel the backend does not register (NotImplementedError) is reported as skipped there.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import fixture from "./fixtures/b_ops.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { Tensor } from "../../ts/autograd/index.ts";

type Args = Record<string, any>;
type Result = Tensor | [Tensor, Tensor];
type OpFn = (xs: Tensor[], args: Args) => Result;

const p = (v: unknown) => (v === "inf" ? Infinity : (v as number));

const OPS: Record<string, OpFn> = {
  add: ([a, b], { alpha }) => a.add(b, alpha ?? 1),
  sub: ([a, b]) => a.sub(b),
  mul: ([a, b]) => a.mul(b),
  div: ([a, b]) => a.div(b),
  divFloor: ([a, b]) => a.div(b, "floor"),
  divTrunc: ([a, b]) => a.div(b, "trunc"),
  floorDivide: ([a, b]) => a.floorDivide(b),
  pow: ([a, b]) => a.pow(b),
  pow_scalar: ([a], { exponent }) => a.pow(exponent),
  rpow: ([a], { base }) => ops.pow(base, a),
  maximum: ([a, b]) => a.maximum(b),
  minimum: ([a, b]) => a.minimum(b),
  remainder: ([a, b]) => a.remainder(b),
  fmod: ([a, b]) => a.fmod(b),
  atan2: ([a, b]) => a.atan2(b),
  hypot: ([a, b]) => a.hypot(b),
  lerp: ([a, b, w]) => a.lerp(b, w),
  lerp_scalar: ([a, b], { weight }) => a.lerp(b, weight),
  addcmul: ([a, b, c], { value }) => a.addcmul(b, c, value),
  addcdiv: ([a, b, c], { value }) => a.addcdiv(b, c, value),
  neg: ([a]) => a.neg(), exp: ([a]) => a.exp(), log: ([a]) => a.log(), log1p: ([a]) => a.log1p(),
  log2: ([a]) => a.log2(), log10: ([a]) => a.log10(), exp2: ([a]) => a.exp2(), expm1: ([a]) => a.expm1(),
  sqrt: ([a]) => a.sqrt(), rsqrt: ([a]) => a.rsqrt(), reciprocal: ([a]) => a.reciprocal(), square: ([a]) => a.square(),
  sin: ([a]) => a.sin(), cos: ([a]) => a.cos(), tan: ([a]) => a.tan(), asin: ([a]) => a.asin(), acos: ([a]) => a.acos(),
  atan: ([a]) => a.atan(), sinh: ([a]) => a.sinh(), cosh: ([a]) => a.cosh(), tanh: ([a]) => a.tanh(),
  sigmoid: ([a]) => a.sigmoid(), erf: ([a]) => a.erf(), erfc: ([a]) => a.erfc(), frac: ([a]) => a.frac(),
  abs: ([a]) => a.abs(), sign: ([a]) => a.sign(), floor: ([a]) => a.floor(), ceil: ([a]) => a.ceil(),
  round: ([a]) => a.round(), trunc: ([a]) => a.trunc(),
  clamp: ([a], { min, max }) => a.clamp(min, max),
  clamp_tensor: ([a, lo, hi]) => a.clamp(lo, hi),
  nanToNum: ([a], { nan, posinf }) => a.nanToNum(nan, posinf),
  relu: ([a]) => a.relu(),
  leakyRelu: ([a], { negativeSlope }) => ag.leakyRelu(a, negativeSlope),
  gelu: ([a]) => ag.gelu(a),
  softplus: ([a]) => ag.softplus(a),
  logSoftmax: ([a], { dim }) => a.logSoftmax(dim),
  softmax: ([a], { dim }) => a.softmax(dim),
  sum: ([a], { dim, keepDim }) => a.sum(dim, keepDim ?? false),
  mean: ([a], { dim, keepDim }) => a.mean(dim, keepDim ?? false),
  prod: ([a], { dim, keepDim }) => a.prod(dim ?? null, keepDim ?? false),
  max_all: ([a]) => a.max(),
  min_all: ([a]) => a.min(),
  max_dim: ([a], { dim, keepDim }) => a.max(dim, keepDim ?? false),
  min_dim: ([a], { dim, keepDim }) => a.min(dim, keepDim ?? false),
  amax: ([a], { dim, keepDim }) => a.amax(dim, keepDim ?? false),
  amin: ([a], { dim, keepDim }) => a.amin(dim, keepDim ?? false),
  logsumexp: ([a], { dim, keepDim }) => a.logsumexp(dim, keepDim ?? false),
  var: ([a], { dim, correction, keepDim }) => a.var(dim, { correction, keepDim }),
  std: ([a], { dim, unbiased }) => a.std(dim, unbiased ?? true),
  cumsum: ([a], { dim }) => a.cumsum(dim),
  norm: ([a], { p: pp, dim, keepDim }) => a.norm(pp === "fro" ? "fro" : p(pp ?? 2), dim, keepDim ?? false),
  topk: ([a], { k, dim, largest }) => a.topk(k, dim, largest ?? true),
  sort: ([a], { dim, descending }) => a.sort(dim, descending ?? false),
  matmul: ([a, b]) => a.matmul(b),
  mm: ([a, b]) => a.mm(b),
  bmm: ([a, b]) => a.bmm(b),
  mv: ([a, b]) => a.mv(b),
  dot: ([a, b]) => a.dot(b),
  outer: ([a, b]) => a.outer(b),
  einsum: (xs, { equation }) => ops.einsum(equation, ...xs),
  linear: ([x, w, b]) => ag.linear(x, w, b ?? null),
};

function input(i: { shape: number[]; data: Array<number | string>; dtype: string }, requiresGrad: boolean): Tensor {
  if (i.dtype === "float32") return ag.tensor(nums(i.data), i.shape, { requiresGrad });
  const v = tf.tensor(nums(i.data), i.shape, "float32");
  return new Tensor(i.dtype === "bool" ? tf.notEqual(v, 0) : tf.cast(v, "int32"));
}

/** The fixtures write NaN and ±Infinity as strings (JSON has no such numbers). */
const num = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const nums = (a: Array<number | string>): number[] => a.map(num);

const zerosFor = (x: Tensor) => new Float32Array(x.size);

for (const backend of BACKENDS) {
  describe(`tensor API B vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases as any[]) {
      test(c.name, (t) => {
        const op = OPS[c.op];
        assert.ok(op, `no op "${c.op}" in the test table`);
        try {
          ag.scope(() => check(c, op));
        } catch (e) {
          if ((e as Error).name === "NotImplementedError") {
            t.skip(`${backend}: ${(e as Error).message.split(":")[0]}`);
            return;
          }
          throw e;
        }
      });
    }
  });
}

function check(c: any, op: OpFn): void {
  const tol = { rtol: 1e-4, atol: 1e-5, ...(c.tol ?? {}) };
  const diff: number[] = c.diff;
  const xs = c.inputs.map((i: any, k: number) => input(i, diff.includes(k)));
  const res = op(xs, c.args);
  const out = Array.isArray(res) ? res[0] : res;
  if (c.indices) {
    assert.ok(Array.isArray(res), "expected a [values, indices] pair");
    const idx = (res as [Tensor, Tensor])[1];
    assert.equal(idx.dtype, "int32", "indices dtype");
    assert.strictEqual((res as any).values, res[0]);
    assert.strictEqual((res as any).indices, res[1]);
    assert.deepEqual(Array.from(idx.dataSync()), c.indices, `${c.name} indices`);
  }
  assert.deepEqual(out.shape, c.out.shape, "output shape");
  assert.equal(out.dtype, c.out.dtype, "output dtype");
  assertClose(out.dataSync(), nums(c.out.data), `${c.name} forward`, tol);
  if (!c.grads) {
    assert.equal(out.requiresGrad && c.diff.length > 0, c.diff.length > 0 && out.requiresGrad, "no gradient expected");
    return;
  }
  const ins: Tensor[] = diff.map((k) => xs[k]);
  const loss = out.mul(ag.tensor(c.w, c.out.shape)).sum();
  const gs = ag.grad(loss, ins, { createGraph: true, allowUnused: true });
  gs.forEach((g, k) => assertClose(g ? g.dataSync() : zerosFor(ins[k]), c.grads[k], `${c.name} grad of input ${diff[k]}`, tol));
  if (!c.hvp) return;
  let s: Tensor | null = null;
  gs.forEach((g, k) => {
    if (g === null) return;
    const term = g.mul(ag.tensor(c.v[k], ins[k].shape)).sum();
    s = s === null ? term : s.add(term);
  });
  const sum = s as Tensor | null;
  const hs = sum !== null && sum.requiresGrad ? ag.grad(sum, ins, { allowUnused: true }) : ins.map(() => null);
  hs.forEach((h, k) => assertClose(h ? h.dataSync() : zerosFor(ins[k]), c.hvp[k], `${c.name} Hessian-vector product, input ${diff[k]}`, { rtol: 2e-4, atol: 2e-5, ...(c.tol ?? {}) }));
}
