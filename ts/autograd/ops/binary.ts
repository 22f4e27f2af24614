// Elementwise binary ops with broadcasting; gradients summed back to each input's shape.
import * as tf from "@tensorflow/tfjs-core";
import { record } from "../graph.ts";
import type { Operand, Tensor } from "../tensor.ts";
import { asTensor, reduceToShape } from "./broadcast.ts";

export function add(a: Operand, b: Operand): Tensor {
  const x = asTensor(a), y = asTensor(b);
  return record("Add", [x, y], tf.add(x.value, y.value), (g, needs) => [
    needs[0] ? reduceToShape(g, x.shape) : null,
    needs[1] ? reduceToShape(g, y.shape) : null,
  ], false);
}

export function sub(a: Operand, b: Operand): Tensor {
  const x = asTensor(a), y = asTensor(b);
  return record("Sub", [x, y], tf.sub(x.value, y.value), (g, needs) => [
    needs[0] ? reduceToShape(g, x.shape) : null,
    needs[1] ? reduceToShape(tf.neg(g), y.shape) : null,
  ], false);
}

export function mul(a: Operand, b: Operand): Tensor {
  const x = asTensor(a), y = asTensor(b);
  const xv = x.value, yv = y.value;
  return record("Mul", [x, y], tf.mul(xv, yv), (g, needs) => [
    needs[0] ? reduceToShape(tf.mul(g, yv), x.shape) : null,
    needs[1] ? reduceToShape(tf.mul(g, xv), y.shape) : null,
  ]);
}

export function div(a: Operand, b: Operand): Tensor {
  const x = asTensor(a), y = asTensor(b);
  const xv = x.value, yv = y.value;
  // torch: grad_self = g / other; grad_other = -g * ((self / other) / other)
  return record("Div", [x, y], tf.div(xv, yv), (g, needs) => [
    needs[0] ? reduceToShape(tf.div(g, yv), x.shape) : null,
    needs[1] ? reduceToShape(tf.mul(tf.neg(g), tf.div(tf.div(xv, yv), yv)), y.shape) : null,
  ]);
}

/** x ** e for a number or Tensor exponent. */
export function pow(a: Operand, e: Operand): Tensor {
  const x = asTensor(a);
  const xv = x.value;
  if (typeof e === "number") {
    // torch pow_backward: e == 0 → zeros, else g * (e * x^(e-1))
    return record("Pow", [x], tf.pow(xv, tf.scalar(e)), (g) => [
      e === 0 ? tf.zerosLike(xv) : tf.mul(g, tf.mul(tf.scalar(e), tf.pow(xv, tf.scalar(e - 1)))),
    ]);
  }
  const y = e;
  const yv = y.value;
  const out = tf.pow(xv, yv);
  return record("Pow", [x, y], out, (g, needs) => {
    const gx = needs[0]
      ? reduceToShape(tf.mul(g, tf.where(tf.equal(yv, 0), tf.zerosLike(out), tf.mul(yv, tf.pow(xv, tf.sub(yv, 1))))), x.shape)
      : null;
    // torch: g * (result * log(self)), with 0 where self == 0 and exponent >= 0
    const gy = needs[1]
      ? reduceToShape(
          tf.mul(g, tf.where(tf.equal(xv, 0), tf.where(tf.greaterEqual(yv, 0), tf.zerosLike(out), tf.mul(out, tf.log(xv))), tf.mul(out, tf.log(xv)))),
          y.shape,
        )
      : null;
    return [gx, gy];
  });
}

/** Elementwise max; where equal, torch splits the gradient in half between both inputs. */
export function maximum(a: Operand, b: Operand): Tensor {
  return minMax("Maximum", a, b, tf.greater);
}

export function minimum(a: Operand, b: Operand): Tensor {
  return minMax("Minimum", a, b, tf.less);
}

function minMax(name: string, a: Operand, b: Operand, wins: (p: tf.Tensor, q: tf.Tensor) => tf.Tensor): Tensor {
  const x = asTensor(a), y = asTensor(b);
  const xv = x.value, yv = y.value;
  const out = name === "Maximum" ? tf.maximum(xv, yv) : tf.minimum(xv, yv);
  return record(name, [x, y], out, (g, needs) => {
    const half = tf.mul(g, 0.5);
    const eq = tf.equal(xv, yv);
    const zero = tf.zerosLike(g);
    const share = (first: tf.Tensor, second: tf.Tensor) => tf.where(wins(first, second), g, tf.where(eq, half, zero));
    return [
      needs[0] ? reduceToShape(share(xv, yv), x.shape) : null,
      needs[1] ? reduceToShape(share(yv, xv), y.shape) : null,
    ];
  });
}
