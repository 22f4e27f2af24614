// Elementwise unary math ops; backward formulas as torch's derivatives.yaml writes them.
import * as tf from "@tensorflow/tfjs-core";
import { record } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { FulgurRuntimeError } from "../../errors.ts";

export function neg(x: Tensor): Tensor {
  return record("Neg", [x], tf.neg(x.value), (g) => [tf.neg(g)], false);
}

/** A copy with its own tf.Tensor; the gradient passes through (torch clone). */
export function clone(x: Tensor): Tensor {
  return record("Clone", [x], tf.clone(x.value), (g) => [g], false);
}

export function exp(x: Tensor): Tensor {
  const y = tf.exp(x.value);
  return record("Exp", [x], y, (g) => [tf.mul(g, y)]);
}

export function log(x: Tensor): Tensor {
  const xv = x.value;
  return record("Log", [x], tf.log(xv), (g) => [tf.div(g, xv)]);
}

export function log1p(x: Tensor): Tensor {
  const xv = x.value;
  return record("Log1P", [x], tf.log1p(xv), (g) => [tf.div(g, tf.add(xv, 1))]);
}

export function sqrt(x: Tensor): Tensor {
  const y = tf.sqrt(x.value);
  // torch: g / (2 * result)
  return record("Sqrt", [x], y, (g) => [tf.div(g, tf.mul(y, 2))]);
}

export function square(x: Tensor): Tensor {
  const xv = x.value;
  // torch square is pow(x, 2): g * (2 * x)
  return record("Pow", [x], tf.square(xv), (g) => [tf.mul(g, tf.mul(xv, 2))]);
}

export function abs(x: Tensor): Tensor {
  const xv = x.value;
  // torch: g * sgn(x), sign(0) = 0
  return record("Abs", [x], tf.abs(xv), (g) => [tf.mul(g, tf.sign(xv))]);
}

/** sign has zero gradient everywhere (torch: zeros_like). */
export function sign(x: Tensor): Tensor {
  const xv = x.value;
  return record("Sign", [x], tf.sign(xv), () => [tf.zerosLike(xv)], false);
}

/** torch.clamp: the gradient passes where min <= x <= max. */
export function clamp(x: Tensor, min: number | null, max: number | null = null): Tensor {
  if (min === null && max === null) throw new FulgurRuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const xv = x.value;
  let y = xv;
  if (min !== null) y = tf.maximum(y, min);
  if (max !== null) y = tf.minimum(y, max);
  if (y === xv) y = tf.clone(xv);
  return record("Clamp", [x], y, (g) => {
    // nested where rather than logicalAnd: fewer kernels a backend must provide
    const zero = tf.zerosLike(g);
    let out = g;
    if (max !== null) out = tf.where(tf.lessEqual(xv, max), out, zero);
    if (min !== null) out = tf.where(tf.greaterEqual(xv, min), out, zero);
    return [out];
  });
}
