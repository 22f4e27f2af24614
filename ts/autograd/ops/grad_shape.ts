// Differentiable shape helpers the backward formulas of this family are written with (sum to a
// broadcast input's shape, expand, view, permute, masked select). Each records itself with
// recordOp and uses the others as its backward, so gradients of gradients flow through them.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { sameShape } from "./broadcast.ts";

/** Sums g over the dims broadcasting expanded, back to `shape` (torch's sum_to_size). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  const gs = g.shape;
  if (sameShape(gs, shape)) return g;
  const lead = gs.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < gs.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && gs[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(g.value, axes) : g.value;
  const v = summed.shape.length === shape.length ? summed : tf.reshape(summed, shape as number[]);
  return recordOp("SumToSize", [g], v, (gg) => [expandTo(gg, gs)], false);
}

/** Broadcasts t to `shape` (torch's expand); backward sums back. */
export function expandTo(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const from = t.shape;
  return recordOp("Expand", [t], tf.broadcastTo(t.value, shape as number[]), (g) => [sumTo(g, from)], false);
}

/** torch's view/reshape (the new tensor does not alias). */
export function reshapeTo(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const from = t.shape;
  return recordOp("View", [t], tf.reshape(t.value, shape as number[]), (g) => [reshapeTo(g, from)], false);
}

/** torch's permute; backward applies the inverse permutation. */
export function permuteTo(t: Tensor, perm: readonly number[]): Tensor {
  if (perm.every((p, i) => p === i)) return t;
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return recordOp("Permute", [t], tf.transpose(t.value, perm as number[]), (g) => [permuteTo(g, inv)], false);
}

/** Inserts a size-1 dim at `dim` (already wrapped). */
export function unsqueezeAt(t: Tensor, dim: number): Tensor {
  const s = t.shape.slice();
  s.splice(dim, 0, 1);
  return reshapeTo(t, s);
}

/**
 * where(cond, a, b) with a constant bool condition (masks in backward formulas); a and b share
 * a dtype and broadcast against cond. Gradients go to the side each element came from.
 */
export function whereMask(cond: tf.Tensor, a: Tensor, b: Tensor): Tensor {
  const as = a.shape, bs = b.shape;
  return recordOp("Where", [a, b], tf.where(cond, a.value, b.value), (g, needs) => {
    const zero = constant(tf.zerosLike(g.value));
    return [
      needs[0] ? sumTo(whereMask(cond, g, zero), as) : null,
      needs[1] ? sumTo(whereMask(cond, zero, g), bs) : null,
    ];
  });
}

/** A tensor outside any graph (masks, zeros). */
export const constant = (v: tf.Tensor): Tensor => new Tensor(v);
