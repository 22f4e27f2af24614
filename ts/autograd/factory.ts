// Tensor constructors (float32).
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "./tensor.ts";
import { ValueError } from "../errors.ts";

type NestedNumbers = number | NestedNumbers[];

export interface TensorOptions {
  requiresGrad?: boolean;
}

function inferShape(data: NestedNumbers): number[] {
  const shape: number[] = [];
  let d: NestedNumbers = data;
  while (Array.isArray(d)) {
    shape.push(d.length);
    d = d[0];
  }
  return shape;
}

/** torch.tensor: nested arrays, a flat array (with shape) or a Float32Array; values rounded to float32. */
export function tensor(data: NestedNumbers | Float32Array, shape?: number[], opts: TensorOptions = {}): Tensor {
  let flat: Float32Array;
  let s: number[];
  if (data instanceof Float32Array) {
    flat = data;
    s = shape ?? [data.length];
  } else if (typeof data === "number") {
    flat = Float32Array.of(data);
    s = shape ?? [];
  } else {
    s = shape ?? inferShape(data);
    flat = Float32Array.from((data as unknown[]).flat(Infinity) as number[]);
  }
  const size = s.reduce((a, b) => a * b, 1);
  if (size !== flat.length) {
    throw new ValueError(`tensor(): shape [${s.join(", ")}] needs ${size} values, got ${flat.length}`);
  }
  return new Tensor(tf.tensor(flat, s, "float32"), opts.requiresGrad ?? false);
}

export const zeros = (shape: number[], opts: TensorOptions = {}): Tensor =>
  new Tensor(tf.zeros(shape, "float32"), opts.requiresGrad ?? false);
export const ones = (shape: number[], opts: TensorOptions = {}): Tensor =>
  new Tensor(tf.ones(shape, "float32"), opts.requiresGrad ?? false);
export const full = (shape: number[], v: number, opts: TensorOptions = {}): Tensor =>
  new Tensor(tf.fill(shape, v, "float32"), opts.requiresGrad ?? false);
export const zerosLike = (t: Tensor): Tensor => new Tensor(tf.zerosLike(t.value));
export const onesLike = (t: Tensor): Tensor => new Tensor(tf.onesLike(t.value));

/** Wraps a tf.Tensor (cast to float32 when it is not). */
export function fromTf(t: tf.Tensor, opts: TensorOptions = {}): Tensor {
  return new Tensor(t.dtype === "float32" ? t : tf.cast(t, "float32"), opts.requiresGrad ?? false);
}
