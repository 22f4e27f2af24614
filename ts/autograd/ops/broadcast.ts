// Gradients of broadcast inputs: sum over the dims that broadcasting expanded, back to the input shape.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor, type Operand } from "../tensor.ts";
import { IndexError } from "../../backend/errors.ts";

export function reduceToShape(g: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const gs = g.shape;
  if (gs.length === shape.length && gs.every((d, i) => d === shape[i])) return g;
  const lead = gs.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < gs.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && gs[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(g, axes) : g;
  return summed.shape.length === shape.length ? summed : tf.reshape(summed, shape as number[]);
}

/** A JS number becomes a constant float32 scalar Tensor (torch wraps Python scalars the same way). */
export function asTensor(x: Operand): Tensor {
  return x instanceof Tensor ? x : new Tensor(tf.scalar(x, "float32"));
}

/** Normalises a possibly negative dim against a rank (torch's wrap_dim), with torch's error. */
export function wrapDim(dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}
