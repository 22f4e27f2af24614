// Broadcasting and dims: torch's broadcast rule (with its error), wrap_dim, scalar operands,
// and the tf-level reduceToShape kept for callers outside this family.
import * as tf from "@tensorflow/tfjs-core";
import { Tensor, type Operand } from "../tensor.ts";
import { IndexError } from "../../backend/errors.ts";
import { FulgurRuntimeError } from "../../errors.ts";

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

/**
 * A JS number becomes a constant scalar Tensor of `dtype` (the operation's result dtype: torch's
 * Python scalars are "weak", they never widen a tensor's dtype by themselves). Default float32.
 */
export function asTensor(x: Operand, dtype: tf.DataType = "float32"): Tensor {
  if (x instanceof Tensor) return x;
  return new Tensor(dtype === "bool" ? tf.scalar(x !== 0, "bool") : tf.scalar(x, dtype));
}

/** Normalises a possibly negative dim against a rank (torch's wrap_dim), with torch's error. */
export function wrapDim(dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + r : dim;
}

/** torch's infer_size: the broadcast shape of a and b, or torch's error naming the dim. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const ia = i - (n - a.length), ib = i - (n - b.length);
    const da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new FulgurRuntimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;
