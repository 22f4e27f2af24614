// Comparisons and logical ops: bool results, never differentiable (torch's are not).
// Operands are promoted to their common dtype first (int tensor == 2.5 compares as float).
import * as tf from "@tensorflow/tfjs-core";
import { Tensor, type Operand } from "../tensor.ts";
import { broadcastShapes, sameShape } from "./broadcast.ts";
import { castValue, resultType, toDtype } from "./dtype.ts";

type Cmp = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function compare(a: Operand, b: Operand, f: Cmp): Tensor {
  let dt = resultType(a, b);
  // bool operands compare as integers (tfjs's comparison kernels take numbers)
  if (dt === "bool") dt = "int32";
  const x = toDtype(a, dt), y = toDtype(b, dt);
  broadcastShapes(x.shape, y.shape);
  return new Tensor(f(x.value, y.value));
}

export const eq = (a: Operand, b: Operand): Tensor => compare(a, b, tf.equal);
export const ne = (a: Operand, b: Operand): Tensor => compare(a, b, tf.notEqual);
export const lt = (a: Operand, b: Operand): Tensor => compare(a, b, tf.less);
export const le = (a: Operand, b: Operand): Tensor => compare(a, b, tf.lessEqual);
export const gt = (a: Operand, b: Operand): Tensor => compare(a, b, tf.greater);
export const ge = (a: Operand, b: Operand): Tensor => compare(a, b, tf.greaterEqual);

/** torch.equal: true when both have the same shape and the same values (a JS boolean). */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!sameShape(a.shape, b.shape)) return false;
  if (a.size === 0) return true;
  return allTrue(eq(a, b));
}

function allTrue(e: Tensor): boolean {
  const v = tf.min(tf.reshape(tf.cast(e.value, "int32"), [-1])).dataSync()[0];
  return v === 1;
}

const asBool = (x: Operand): tf.Tensor => toDtype(x, "bool").value;

function logical(a: Operand, b: Operand, f: Cmp): Tensor {
  const x = asBool(a), y = asBool(b);
  broadcastShapes(x.shape, y.shape);
  return new Tensor(f(x, y));
}

/** torch.logical_and: nonzero counts as true; bool result. */
export const logicalAnd = (a: Operand, b: Operand): Tensor => logical(a, b, tf.logicalAnd);
export const logicalOr = (a: Operand, b: Operand): Tensor => logical(a, b, tf.logicalOr);
/** torch.logical_xor: a != b on the truth values. */
export const logicalXor = (a: Operand, b: Operand): Tensor => logical(a, b, tf.notEqual);
export const logicalNot = (a: Tensor): Tensor => new Tensor(tf.logicalNot(castValue(a.value, "bool")));

/** torch.isnan / isinf / isfinite (integer and bool tensors: no NaN, no inf). */
export function isnan(x: Tensor): Tensor {
  return new Tensor(x.dtype === "float32" ? tf.isNaN(x.value) : tf.zeros(x.shape, "bool"));
}
export function isinf(x: Tensor): Tensor {
  return new Tensor(x.dtype === "float32" ? tf.isInf(x.value) : tf.zeros(x.shape, "bool"));
}
export function isfinite(x: Tensor): Tensor {
  return new Tensor(x.dtype === "float32" ? tf.isFinite(x.value) : tf.ones(x.shape, "bool"));
}
/** torch.isposinf / isneginf. */
export const isposinf = (x: Tensor): Tensor => x.dtype === "float32" ? eq(x, Infinity) : new Tensor(tf.zeros(x.shape, "bool"));
export const isneginf = (x: Tensor): Tensor => x.dtype === "float32" ? eq(x, -Infinity) : new Tensor(tf.zeros(x.shape, "bool"));

/** torch.isclose: |a − b| <= atol + rtol·|b| (NaNs equal only with equalNan). */
export function isclose(a: Tensor, b: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor {
  const x = toDtype(a, "float32").value, y = toDtype(b, "float32").value;
  broadcastShapes(x.shape, y.shape);
  let close = tf.logicalOr(tf.equal(x, y), tf.lessEqual(tf.abs(tf.sub(x, y)), tf.add(atol, tf.mul(rtol, tf.abs(y)))));
  if (equalNan) close = tf.logicalOr(close, tf.logicalAnd(tf.isNaN(x), tf.isNaN(y)));
  return new Tensor(close);
}

/** torch.allclose (a JS boolean). */
export function allclose(a: Tensor, b: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
  const c = isclose(a, b, rtol, atol, equalNan);
  return c.size === 0 || allTrue(c);
}
