// dtype casts (Tensor.to / float / int / long / bool) and host read-outs (tolist).
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { fullLike, storageDtype, type DType } from "../factory.ts";

/**
 * torch's Tensor.to(dtype): the tensor itself when the dtype already matches (as torch), else a
 * cast copy. float → int truncates toward zero; anything → bool is "!= 0". A cast to an integer
 * or bool dtype is not differentiable (its result requires no grad), as torch.
 */
export function toDtype(x: Tensor, dtype: DType | tf.DataType): Tensor {
  const d = storageDtype(dtype as DType);
  if (d === x.dtype) return x;
  let value: tf.Tensor;
  if (d === "bool") value = tf.notEqual(x.value, tf.zeros([], x.dtype));
  else if (d === "int32" && x.dtype === "float32") value = tf.cast(tf.where(tf.less(x.value, 0), tf.ceil(x.value), tf.floor(x.value)), "int32");
  else value = tf.cast(x.value, d);
  if (d !== "float32") return new Tensor(value);
  return recordOp("ToCopy", [x], value, () => [null], false);
}

type Nested = number | boolean | Nested[];

/** torch's Tensor.tolist(): nested arrays of numbers (booleans for a bool tensor); a 0-d tensor gives its value. */
export function tolist(x: Tensor): Nested {
  const data = x.value.dataSync();
  const isBool = x.dtype === "bool";
  const at = (i: number): number | boolean => (isBool ? data[i] !== 0 : (data[i] as number));
  const shape = x.shape;
  if (shape.length === 0) return at(0);
  let pos = 0;
  const build = (depth: number): Nested[] => {
    const out: Nested[] = [];
    for (let i = 0; i < shape[depth]; i++) out.push(depth === shape.length - 1 ? at(pos++) : build(depth + 1));
    return out;
  };
  return build(0);
}

/** torch's Tensor.new_full (and new_zeros / new_ones / new_empty): `shape` filled with v, x's dtype unless opts.dtype. */
export function newFull(x: Tensor, shape: readonly number[], v: number | boolean, opts: { dtype?: DType; requiresGrad?: boolean } = {}): Tensor {
  const like = new Tensor(tf.zeros(shape as number[], storageDtype(opts.dtype, x.dtype)));
  return fullLike(like, v, { requiresGrad: opts.requiresGrad });
}
