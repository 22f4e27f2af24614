// Shape ops: reshape and transpose; gradients are the inverse rearrangement.
import * as tf from "@tensorflow/tfjs-core";
import { record } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { FulgurRuntimeError } from "../../errors.ts";

export function reshape(x: Tensor, shape: number[]): Tensor {
  const from = x.shape;
  let y: tf.Tensor;
  try {
    y = tf.reshape(x.value, shape);
  } catch {
    throw new FulgurRuntimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${x.size}`);
  }
  return record("Reshape", [x], y, (g) => [tf.reshape(g, from)], false);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = wrapDim(dim0, x.rank), b = wrapDim(dim1, x.rank);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  // a swap of two dims is its own inverse
  return record("Transpose", [x], tf.transpose(x.value, perm), (g) => [tf.transpose(g, perm)], false);
}

/** torch .t(): transpose of a ≤2-D tensor. */
export function t(x: Tensor): Tensor {
  if (x.rank > 2) throw new FulgurRuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.rank}D`);
  return x.rank < 2 ? reshape(x, x.shape) : transpose(x, 0, 1);
}
