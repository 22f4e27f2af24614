// Shared by the tensor API B fixture tests (CPU-side backends and WebGPU): the op table and
// the check of one torch 1.13 case — forward, gradients, Hessian-vector product.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { Tensor } from "../../ts/autograd/index.ts";

type Args = Record<string, any>;
type Result = Tensor | [Tensor, Tensor];
export type OpFn = (xs: Tensor[], args: Args) => Result;

const p = (v: unknown) => (v === "inf" ? Infinity : (v as number));

export const OPS: Record<string, OpFn> = {
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
  argmax: ([a], { dim }) => a.argmax(dim ?? null),
  argmin: ([a], { dim }) => a.argmin(dim ?? null),
  amax: ([a], { dim, keepDim }) => a.amax(dim, keepDim ?? false),
  amin: ([a], { dim, keepDim }) => a.amin(dim, keepDim ?? false),
  logsumexp: ([a], { dim, keepDim }) => a.logsumexp(dim, keepDim ?? false),
  var: ([a], { dim, correction, keepDim }) => a.var(dim, { correction, keepDim }),
  std: ([a], { dim, unbiased }) => a.std(dim, unbiased ?? true),
  cumsum: ([a], { dim }) => a.cumsum(dim),
  cumprod: ([a], { dim }) => a.cumprod(dim),
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


/** One comparison to make once the data is read: `actual` null means an all-zero gradient. */
interface Pending { actual: Tensor | null; size: number; expected: number[]; what: string; tol: { rtol: number; atol: number }; exact?: boolean }

/** Runs the case (no data read yet): shapes and dtypes checked now, values returned to compare. */
function build(c: any, op: OpFn, loose?: { rtol: number; atol: number }): Pending[] {
  const tol = { rtol: 1e-4, atol: 1e-5, ...(c.tol ?? {}), ...(loose ?? {}) };
  const tol2 = { rtol: 2e-4, atol: 2e-5, ...(c.tol ?? {}), ...(loose ?? {}) };
  const diff: number[] = c.diff;
  const xs = c.inputs.map((i: any, k: number) => input(i, diff.includes(k)));
  const res = op(xs, c.args);
  const out = Array.isArray(res) ? res[0] : res;
  const pending: Pending[] = [];
  if (c.indices) {
    assert.ok(Array.isArray(res), "expected a [values, indices] pair");
    const idx = (res as [Tensor, Tensor])[1];
    assert.equal(idx.dtype, "int32", "indices dtype");
    assert.strictEqual((res as any).values, res[0]);
    assert.strictEqual((res as any).indices, res[1]);
    pending.push({ actual: idx, size: idx.size, expected: c.indices, what: `${c.name} indices`, tol, exact: true });
  }
  assert.deepEqual(out.shape, c.out.shape, "output shape");
  assert.equal(out.dtype, c.out.dtype, "output dtype");
  pending.push({ actual: out, size: out.size, expected: nums(c.out.data), what: `${c.name} forward`, tol });
  if (!c.grads) return pending;
  const ins: Tensor[] = diff.map((k) => xs[k]);
  const loss = out.mul(ag.tensor(c.w, c.out.shape)).sum();
  const gs = ag.grad(loss, ins, { createGraph: true, allowUnused: true });
  gs.forEach((g, k) => pending.push({ actual: g, size: ins[k].size, expected: c.grads[k], what: `${c.name} grad of input ${diff[k]}`, tol }));
  if (!c.hvp) return pending;
  let s: Tensor | null = null;
  gs.forEach((g, k) => {
    if (g === null) return;
    const term = g.mul(ag.tensor(c.v[k], ins[k].shape)).sum();
    s = s === null ? term : s.add(term);
  });
  const sum = s as Tensor | null;
  const hs = sum !== null && sum.requiresGrad ? ag.grad(sum, ins, { allowUnused: true }) : ins.map(() => null);
  hs.forEach((h, k) => pending.push({ actual: h, size: ins[k].size, expected: c.hvp[k], what: `${c.name} Hessian-vector product, input ${diff[k]}`, tol: tol2 }));
  return pending;
}

function compare(p: Pending, data: ArrayLike<number> | null): void {
  const got = data === null ? new Float32Array(p.size) : Array.from(data);
  if (p.exact) assert.deepEqual(Array.from(got), p.expected, p.what);
  else assertClose(got, p.expected, p.what, p.tol);
}

/** Forward, gradients and Hessian-vector product of one fixture case (synchronous reads). */
export function check(c: any, op: OpFn): void {
  ag.scope(() => {
    for (const p of build(c, op)) compare(p, p.actual ? p.actual.dataSync() : null);
  });
}

/** The same with asynchronous reads (WebGPU without synchronous readback); `loose`: a backend's tolerance. */
export async function checkAsync(c: any, op: OpFn, loose?: { rtol: number; atol: number }): Promise<void> {
  const pending = ag.scope(() => build(c, op, loose).map((p) => ({ ...p, value: p.actual?.value ?? null })));
  try {
    for (const p of pending) compare(p, p.value ? await p.value.data() : null);
  } finally {
    for (const p of pending) p.value?.dispose();
  }
}
