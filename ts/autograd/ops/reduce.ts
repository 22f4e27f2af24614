// Reductions: sum and mean over all or some dims; the gradient is broadcast back to the input shape.
import * as tf from "@tensorflow/tfjs-core";
import { record } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";

function axesOf(x: Tensor, dim?: number | number[]): number[] {
  if (dim === undefined) return x.shape.map((_, i) => i);
  const dims = Array.isArray(dim) ? dim : [dim];
  return dims.map((d) => wrapDim(d, x.rank));
}

/** Reshapes g to x's rank with 1s on the reduced axes, then broadcasts it to x's shape. */
function expandBack(g: tf.Tensor, x: Tensor, axes: number[]): tf.Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return tf.broadcastTo(tf.reshape(g, kept), x.shape);
}

export function sum(x: Tensor, dim?: number | number[], keepDim = false): Tensor {
  const axes = axesOf(x, dim);
  return record("Sum", [x], tf.sum(x.value, axes, keepDim), (g) => [expandBack(g, x, axes)], false);
}

export function mean(x: Tensor, dim?: number | number[], keepDim = false): Tensor {
  const axes = axesOf(x, dim);
  let n = 1;
  for (const a of axes) n *= x.shape[a];
  // torch computes sum then divides (tf.mean divides each element first on the CPU backend);
  // mean_backward: grad.expand(shape) / n
  return record("Mean", [x], tf.div(tf.sum(x.value, axes, keepDim), n), (g) => [tf.div(expandBack(g, x, axes), n)], false);
}

/** Index of the largest value along dim (ties: the first, as torch). Not differentiable; float32 result. */
export function argmax(x: Tensor, dim = -1, keepDim = false): Tensor {
  const axis = wrapDim(dim, x.rank);
  let idx = tf.cast(tf.argMax(x.value, axis), "float32");
  if (keepDim) idx = tf.expandDims(idx, axis);
  return record("ArgMax", [], idx, () => [], false);
}
