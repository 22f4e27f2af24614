// Reductions over all dims or some (`dim`: a number or a list, negative allowed; `keepDim`).
// Gradients are broadcast back to the input's shape, in fulgur ops (double backward works).
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { castValue, toDtype, torchDtypeName } from "./dtype.ts";
import { constant, expandTo, permuteTo, reshapeTo, whereMask } from "./grad_shape.ts";
import { isGradEnabled } from "../grad_mode.ts";
import { div, mul, pow as powOf, sub } from "./binary.ts";
import { abs, exp } from "./unary.ts";
import { FulgurRuntimeError } from "../../errors.ts";
import { IndexError } from "../../backend/errors.ts";
import { FULGUR_WASM } from "../../backend/backend_name.ts";
import { narrow } from "./indexing.ts";
import { cat } from "./join.ts";

/** A dim, a list of dims, or all (null / undefined), as torch's reductions take them. */
export type Dims = number | number[] | null | undefined;

/** The wrapped, sorted axes of `dim` (all of them when absent); torch's error for a repeated dim. */
export function axesOf(x: Tensor, dim: Dims): number[] {
  if (dim === undefined || dim === null) return x.shape.map((_, i) => i);
  const dims = Array.isArray(dim) ? dim : [dim];
  if (dims.length === 0) return x.shape.map((_, i) => i);
  const axes = dims.map((d) => wrapDim(d, x.rank));
  const seen = new Set<number>();
  for (const a of axes) {
    if (seen.has(a)) throw new FulgurRuntimeError(`dim ${a} appears multiple times in the list of dims`);
    seen.add(a);
  }
  // a 0-d tensor reduces over dim 0 / -1 as if it had one dim of size 1
  return axes.filter((a) => a < x.rank).sort((p, q) => p - q);
}

/** x's shape with 1s on the reduced axes (keepDim's shape). */
const keptShape = (x: Tensor, axes: number[]): number[] => x.shape.map((d, i) => (axes.includes(i) ? 1 : d));

/** g (reduced shape, keepDim or not) reshaped to keepDim's shape and expanded to x's. */
function expandBack(g: Tensor, x: Tensor, axes: number[]): Tensor {
  return expandTo(reshapeTo(g, keptShape(x, axes)), x.shape);
}

/** g reshaped to keepDim's shape (no expansion: broadcasting does it). */
const restoreDims = (g: Tensor, x: Tensor, axes: number[]): Tensor => reshapeTo(g, keptShape(x, axes));

const countOf = (x: Tensor, axes: number[]): number => axes.reduce((n, a) => n * x.shape[a], 1);

/** torch.sum: int and bool tensors sum to int. */
export function sum(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  const axes = axesOf(x, dim);
  const xv = x.dtype === "bool" ? tf.cast(x.value, "int32") : x.value;
  return recordOp("Sum", [x], tf.sum(xv, axes, keepDim), (g) => [expandBack(g, x, axes)], false);
}

function requireFloat(x: Tensor, op: string): void {
  if (x.dtype !== "float32") {
    throw new FulgurRuntimeError(
      `${op}(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${torchDtypeName(x.dtype)}`,
    );
  }
}

export function mean(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  requireFloat(x, "mean");
  const axes = axesOf(x, dim);
  const n = countOf(x, axes);
  // torch computes sum then divides (tf.mean divides each element first on the CPU backend);
  // mean_backward: grad.expand(shape) / n
  return recordOp("Mean", [x], tf.div(tf.sum(x.value, axes, keepDim), n), (g) => [div(expandBack(g, x, axes), n)], false);
}

/**
 * torch.prod. Backward as torch: result / x where no input is zero; where one is, the product
 * of the others at that position (zero elsewhere); where several are, zero.
 */
export function prod(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  const axes = axesOf(x, dim);
  if (x.dtype !== "float32") {
    const iv = x.dtype === "bool" ? tf.cast(x.value, "int32") : x.value;
    return new Tensor(tf.prod(iv, axes, keepDim));
  }
  const out: Tensor = recordOp("Prod", [x], tf.prod(x.value, axes, keepDim), (g) => {
    const gx = expandBack(g, x, axes);
    // with createGraph: the product of the others, built so that its own derivatives are exact
    if (isGradEnabled()) return [mul(gx, leaveOneOutProd(x, axes))];
    const xv = x.value;
    const isZero = tf.equal(xv, 0);
    const zeros = tf.sum(tf.cast(isZero, "float32"), axes, true);
    const ones = constant(tf.onesLike(xv));
    const safeX = whereMask(isZero, ones, x);
    const noZero = div(restoreDims(out, x, axes), safeX);
    const othersProd = restoreDims(prod(safeX, axes.length === 1 ? axes[0] : null, true), x, axes);
    const oneZeroHere = tf.logicalAnd(isZero, tf.equal(zeros, 1));
    const factor = whereMask(tf.broadcastTo(tf.equal(zeros, 0), x.shape), expandTo(noZero, x.shape),
      whereMask(oneZeroHere, expandTo(othersProd, x.shape), constant(tf.zerosLike(xv))));
    return [mul(gx, factor)];
  });
  return out;
}

/** For each element, the product of the others in its reduced group ([R, n, n] with ones on the diagonal). */
function leaveOneOutProd(x: Tensor, axes: number[]): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const moved = permuteTo(x, perm);
  const n = countOf(x, axes);
  const rows = n === 0 ? 0 : x.size / n;
  const x3 = expandTo(reshapeTo(moved, [rows, 1, n]), [rows, n, n]);
  const eye = tf.cast(tf.eye(n), "bool");
  const picked = whereMask(eye, constant(tf.ones([rows, n, n])), x3);
  const loo = reshapeTo(prod(picked, 2), moved.shape);
  const inv = new Array<number>(perm.length);
  perm.forEach((q, i) => (inv[q] = i));
  return permuteTo(loo, inv);
}

/** torch.max / min with a dim: a [values, indices] pair, also readable as .values / .indices. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

/** Scatters g (reduced along `axis`) to the positions `indices` picked (torch's value_selecting_reduction_backward). */
function selectBackward(g: Tensor, x: Tensor, axis: number, indices: tf.Tensor, keepDim: boolean): Tensor {
  const idx = keepDim ? tf.squeeze(indices, [axis]) : indices;
  const n = x.shape[axis];
  // one-hot of the index along a trailing dim, moved to `axis`
  // a float one-hot: tfjs-webgpu's transpose of int32 fails to compile
  let hot = tf.oneHot(tf.cast(idx, "int32"), n, 1, 0, "float32");
  if (axis !== x.rank - 1) {
    const perm: number[] = [];
    for (let i = 0; i < axis; i++) perm.push(i);
    perm.push(x.rank - 1);
    for (let i = axis; i < x.rank - 1; i++) perm.push(i);
    hot = tf.transpose(hot, perm);
  }
  const mask = tf.greater(hot, 0);
  const gk = expandTo(restoreDims(g, x, [axis]), x.shape);
  return whereMask(mask, gk, constant(tf.zerosLike(x.value)));
}

function maxMin(kind: "max" | "min", x: Tensor, dim?: number | null, keepDim = false): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) {
    if (x.size === 0) {
      throw new FulgurRuntimeError(`${kind}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    }
    return extremum(kind, x, null, false, kind === "max" ? "Max" : "Min");
  }
  const axis = wrapDim(dim, x.rank);
  if (x.rank === 0) return valuesIndices(clone0(x), new Tensor(tf.scalar(0, "int32")));
  if (x.shape[axis] === 0) {
    throw new IndexError(`${kind}(): Expected reduction dim ${axis} to have non-zero size.`);
  }
  const xv = x.dtype === "bool" ? tf.cast(x.value, "int32") : x.value;
  let v = extremeValue(kind, xv, axis, keepDim);
  if (x.dtype === "bool") v = tf.cast(v, "bool");
  let idx = argIndex(kind, xv, axis);
  if (keepDim) idx = tf.expandDims(idx, axis);
  const indices = new Tensor(idx);
  const values = recordOp(kind === "max" ? "Max" : "Min", [x], v, (g) => [selectBackward(g, x, axis, idx, keepDim)]);
  return valuesIndices(values, indices);
}

/** argmax/argmin along an axis, NaN counted as the extreme (torch propagates NaN). */
function argIndex(kind: "max" | "min", xv: tf.Tensor, axis: number): tf.Tensor {
  let i = kind === "max" ? tf.argMax(xv, axis) : tf.argMin(xv, axis);
  if (i.dtype !== "int32") i = tf.cast(i, "int32");
  // some backends' kernels skip NaN; torch picks the first NaN
  if (xv.dtype === "float32" && !nanAware()) {
    const nan = tf.where(tf.isNaN(xv), tf.onesLike(xv), tf.zerosLike(xv));
    i = tf.where(tf.greater(tf.max(nan, axis), 0), tf.cast(tf.argMax(nan, axis), "int32"), i);
  }
  return i;
}

/** Max/min over axis with NaN propagated (torch), on backends whose kernels skip it. */
function extremeValue(kind: "max" | "min", xv: tf.Tensor, axis: number | number[], keepDim: boolean): tf.Tensor {
  const v = kind === "max" ? tf.max(xv, axis, keepDim) : tf.min(xv, axis, keepDim);
  if (xv.dtype !== "float32" || nanAware()) return v;
  const anyNan = tf.greater(tf.max(tf.where(tf.isNaN(xv), tf.onesLike(xv), tf.zerosLike(xv)), axis, keepDim), 0);
  return tf.where(anyNan, tf.fill(v.shape, NaN), v);
}

/** fulgur-wasm's reduction kernels propagate NaN as torch; tfjs's cpu and webgpu ones do not. */
const nanAware = (): boolean => tf.getBackend() === FULGUR_WASM;

const clone0 = (x: Tensor): Tensor => recordOp("Clone", [x], tf.clone(x.value), (g) => [g], false);

/** torch.max(input) → value; torch.max(input, dim, keepdim) → [values, indices] (gradient to the index picked). */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepDim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number | null, keepDim = false): Tensor | ValuesIndices {
  return maxMin("max", x, dim, keepDim);
}

export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepDim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number | null, keepDim = false): Tensor | ValuesIndices {
  return maxMin("min", x, dim, keepDim);
}

/**
 * Max/min over `dim` (all when null) whose gradient is split evenly between tied elements
 * (torch's amax/amin and the dim-less max()/min()).
 */
function extremum(kind: "max" | "min", x: Tensor, dim: Dims, keepDim: boolean, name: string): Tensor {
  const axes = axesOf(x, dim);
  if (x.size === 0 && axes.some((a) => x.shape[a] === 0)) {
    throw new IndexError(`${kind === "max" ? "amax" : "amin"}(): Expected reduction dim ${axes[0]} to have non-zero size.`);
  }
  const xv = x.dtype === "bool" ? tf.cast(x.value, "int32") : x.value;
  let v = axes.length === 0 ? tf.clone(xv) : extremeValue(kind, xv, axes, keepDim);
  if (x.dtype === "bool") v = tf.cast(v, "bool");
  const out: Tensor = recordOp(name, [x], v, (g) => {
    // torch: (grad / mask.sum(dim, true)) * mask, mask = (x == result)
    // where, not a cast of the comparison: tfjs-webgpu cannot transpose a cast bool (multi-dim sums)
    const mask = tf.where(tf.equal(x.value, tf.reshape(out.value, keptShape(x, axes))), tf.onesLike(x.value), tf.zerosLike(x.value));
    const count = constant(tf.sum(mask, axes, true));
    return [mul(div(restoreDims(g, x, axes), count), constant(mask))];
  });
  return out;
}

/** torch.amax: max over dims; ties share the gradient evenly. */
export function amax(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  return extremum("max", x, dim ?? [], keepDim, "Amax");
}

export function amin(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  return extremum("min", x, dim ?? [], keepDim, "Amin");
}

/** torch.argmax: int32 indices (first of ties); without dim, the index into the flattened tensor. */
export function argmax(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  return argReduce("max", x, dim, keepDim);
}

export function argmin(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  return argReduce("min", x, dim, keepDim);
}

function argReduce(kind: "max" | "min", x: Tensor, dim: number | null | undefined, keepDim: boolean): Tensor {
  if (x.dtype === "bool") throw new FulgurRuntimeError(`"arg${kind}_cpu" not implemented for 'Bool'`);
  const xv = x.value;
  if (dim === undefined || dim === null) {
    if (x.size === 0) throw new FulgurRuntimeError(`arg${kind}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const i = argIndex(kind, tf.reshape(xv, [-1]), 0);
    // a 0-d result (tfjs-webgpu gives shape [1] here)
    return new Tensor(tf.reshape(i, keepDim ? x.shape.map(() => 1) : []));
  }
  const axis = wrapDim(dim, x.rank);
  if (x.rank === 0) return new Tensor(tf.scalar(0, "int32"));
  let i = argIndex(kind, xv, axis);
  if (keepDim) i = tf.expandDims(i, axis);
  return new Tensor(i);
}

/** torch.logsumexp: log Σ exp(x) over dims, stable (the max is subtracted unless infinite). */
export function logsumexp(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  x = toDtype(x, "float32");
  const axes = axesOf(x, dim ?? []);
  const xv = x.value;
  const m = axes.length ? tf.max(xv, axes, true) : xv;
  const mm = tf.where(tf.isInf(m), tf.zerosLike(m), m);
  let v = tf.add(tf.log(tf.sum(tf.exp(tf.sub(xv, mm)), axes, true)), mm);
  if (!keepDim) v = tf.reshape(v, x.shape.filter((_, i) => !axes.includes(i)));
  // torch: g · exp(self − result)
  const out: Tensor = recordOp("Logsumexp", [x], v, (g) => [
    mul(restoreDims(g, x, axes), exp(sub(x, restoreDims(out, x, axes)))),
  ]);
  return out;
}

/** var / std options: correction (or unbiased) and keepDim. */
export interface VarOptions {
  /** torch's correction (default 1: Bessel's); unbiased=false means 0 */
  correction?: number;
  unbiased?: boolean;
  keepDim?: boolean;
}

function varArgs(opts: VarOptions | boolean | undefined, keepDim: boolean | undefined): { correction: number; keepDim: boolean } {
  if (typeof opts === "boolean") return { correction: opts ? 1 : 0, keepDim: keepDim ?? false };
  const o = opts ?? {};
  if (o.correction !== undefined && o.unbiased !== undefined) {
    throw new FulgurRuntimeError("var: cannot specify both 'unbiased' and 'correction'");
  }
  const correction = o.correction ?? (o.unbiased === false ? 0 : 1);
  return { correction, keepDim: o.keepDim ?? keepDim ?? false };
}

/**
 * torch.var(input, dim, { correction | unbiased, keepDim }) — also var(input, dim, unbiased, keepDim).
 * Σ(x − mean)² / max(0, N − correction).
 */
export function variance(x: Tensor, dim?: Dims, opts?: VarOptions | boolean, keepDimArg?: boolean): Tensor {
  if (x.dtype !== "float32") throw new FulgurRuntimeError("std and var only support floating point and complex dtypes");
  const { correction, keepDim } = varArgs(opts, keepDimArg);
  const axes = axesOf(x, dim);
  const n = countOf(x, axes);
  const dof = Math.max(0, n - correction);
  const xv = x.value;
  const centered = tf.sub(xv, tf.div(tf.sum(xv, axes, true), n));
  const v = tf.div(tf.sum(tf.square(centered), axes, keepDim), dof);
  // torch var_backward: (2 / dof) · g · (x − mean(x))
  return recordOp("Var", [x], v, (g) => [
    mul(mul(2 / dof, restoreDims(g, x, axes)), sub(x, mean(x, axes, true))),
  ]);
}

/** torch.std: √var; backward var's with g / (2·std), zero where std is 0 (torch masks it). */
export function std(x: Tensor, dim?: Dims, opts?: VarOptions | boolean, keepDimArg?: boolean): Tensor {
  const v = variance(x, dim, opts, keepDimArg);
  return stdOfVar(v);
}

function stdOfVar(v: Tensor): Tensor {
  const s = tf.sqrt(v.value);
  const out: Tensor = recordOp("Std", [v], s, (g) => {
    const zero = tf.equal(out.value, 0);
    return [whereMask(zero, constant(tf.zerosLike(s)), div(g, mul(out, 2)))];
  });
  return out;
}

/** torch.var_mean: [var, mean]. */
export function varMean(x: Tensor, dim?: Dims, opts?: VarOptions | boolean, keepDimArg?: boolean): [Tensor, Tensor] {
  const { keepDim } = varArgs(opts, keepDimArg);
  return [variance(x, dim, opts, keepDimArg), mean(x, dim, keepDim)];
}

/** torch.std_mean: [std, mean]. */
export function stdMean(x: Tensor, dim?: Dims, opts?: VarOptions | boolean, keepDimArg?: boolean): [Tensor, Tensor] {
  const { keepDim } = varArgs(opts, keepDimArg);
  return [std(x, dim, opts, keepDimArg), mean(x, dim, keepDim)];
}

/**
 * Inclusive running sum along axis (reverse: from the end). Where the backend has no Cumsum
 * kernel, a product with a triangular matrix of ones (zeros × finite values add nothing).
 */
function cumsumValue(v: tf.Tensor, axis: number, reverse: boolean): tf.Tensor {
  if (tf.getKernel("Cumsum", tf.getBackend()) !== undefined) return tf.cumsum(v, axis, false, reverse);
  const n = v.shape[axis];
  const r = tf.range(0, n, 1, "int32");
  // tri[j, i] = 1 where element j counts towards output i
  const tri = tf.cast(reverse ? tf.greaterEqual(tf.reshape(r, [n, 1]), tf.reshape(r, [1, n]))
    : tf.lessEqual(tf.reshape(r, [n, 1]), tf.reshape(r, [1, n])), "float32");
  const rank = v.rank;
  const perm = v.shape.map((_, i) => i);
  perm.splice(axis, 1);
  perm.push(axis);
  const moved = axis === rank - 1 ? v : tf.transpose(v, perm);
  const flat = tf.reshape(moved, [-1, n]);
  const summed = tf.reshape(tf.matMul(flat, tri), moved.shape);
  if (axis === rank - 1) return summed;
  const inv = new Array<number>(rank);
  perm.forEach((p, i) => (inv[p] = i));
  return tf.transpose(summed, inv);
}

function cumsumOp(x: Tensor, axis: number, reverse: boolean): Tensor {
  if (x.rank === 0) return clone0(x);
  // torch: the gradient of a running sum is the running sum of g from the other end
  return recordOp("Cumsum", [x], cumsumValue(x.value, axis, reverse), (g) => [cumsumOp(g, axis, !reverse)], false);
}

/** torch.cumsum(input, dim): int and bool inputs give int (computed exactly below 2^24). */
export function cumsum(x: Tensor, dim: number): Tensor {
  const axis = wrapDim(dim, x.rank);
  if (x.dtype !== "float32") {
    const f = cumsumOp(toDtype(x, "float32"), axis, false);
    return new Tensor(tf.cast(f.value, "int32"));
  }
  return cumsumOp(x, axis, false);
}

/**
 * torch.cumprod(input, dim): the running product, one multiplication per position in order (as
 * torch's loop). Built from differentiable narrow / mul / cat, so the gradient is exact with zeros
 * in the input, and differentiates again; n small ops for a dim of size n.
 */
export function cumprod(x: Tensor, dim: number): Tensor {
  const axis = wrapDim(dim, x.rank);
  if (x.rank === 0 || x.shape[axis] <= 1) return x.dtype === "bool" ? new Tensor(tf.cast(x.value, "int32")) : clone0(x);
  const xs = x.dtype === "bool" ? toDtype(x, "int32") : x;
  let acc = narrow(xs, axis, 0, 1);
  const parts = [acc];
  for (let k = 1; k < x.shape[axis]; k++) {
    acc = mul(acc, narrow(xs, axis, k, 1));
    parts.push(acc);
  }
  return cat(parts, axis);
}

/** torch.norm / linalg.vector_norm for p = 2 ('fro'), 1, Infinity, -Infinity, 0 or any p > 0. */
export function norm(x: Tensor, p: number | "fro" = 2, dim?: Dims, keepDim = false): Tensor {
  if (x.dtype !== "float32") {
    throw new FulgurRuntimeError(`norm(): input dtype should be either floating point or complex. Got ${torchDtypeName(x.dtype)} instead.`);
  }
  const pp = p === "fro" ? 2 : p;
  const axes = axesOf(x, dim);
  const xv = x.value;
  if (pp === Infinity || pp === -Infinity) {
    return extremum(pp > 0 ? "max" : "min", abs(x), axes, keepDim, pp > 0 ? "NormInf" : "NormNegInf");
  }
  if (pp === 0) return new Tensor(tf.sum(tf.cast(tf.notEqual(xv, 0), "float32"), axes, keepDim));
  let v: tf.Tensor;
  if (pp === 2) v = tf.sqrt(tf.sum(tf.square(xv), axes, keepDim));
  else if (pp === 1) v = tf.sum(tf.abs(xv), axes, keepDim);
  else v = tf.pow(tf.sum(tf.pow(tf.abs(xv), pp), axes, keepDim), 1 / pp);
  const out: Tensor = recordOp("Norm", [x], v, (g) => {
    const gk = restoreDims(g, x, axes);
    if (pp === 1) return [mul(constant(tf.sign(xv)), gk)];
    const nk = restoreDims(out, x, axes);
    const zero = tf.equal(nk.value, 0);
    if (pp === 2) {
      // torch: x · (g / norm), 0 where the norm is 0
      const scale = whereMask(zero, constant(tf.zerosLike(nk.value)), div(gk, nk));
      return [mul(x, scale)];
    }
    // torch: x · |x|^(p−2) · g / norm^(p−1), 0 where the norm is 0
    const scale = whereMask(zero, constant(tf.zerosLike(nk.value)), div(gk, powOf(nk, pp - 1)));
    return [mul(mul(x, powOf(abs(x), pp - 2)), scale)];
  });
  return out;
}

/** torch.all: true where every element is nonzero (bool result). */
export function all(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  const axes = axesOf(x, dim);
  const b = tf.cast(castValue(x.value, "bool"), "int32");
  return new Tensor(tf.cast(axes.length ? tf.min(b, axes, keepDim) : b, "bool"));
}

/** torch.any: true where some element is nonzero (bool result). */
export function any(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  const axes = axesOf(x, dim);
  const b = tf.cast(castValue(x.value, "bool"), "int32");
  return new Tensor(tf.cast(axes.length ? tf.max(b, axes, keepDim) : b, "bool"));
}

/** torch.count_nonzero (int result). */
export function countNonzero(x: Tensor, dim?: Dims): Tensor {
  const axes = axesOf(x, dim);
  return new Tensor(tf.sum(tf.cast(castValue(x.value, "bool"), "int32"), axes));
}
