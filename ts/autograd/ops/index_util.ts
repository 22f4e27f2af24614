// Helpers shared by the shape, indexing and joining ops (tensor API A): shape formatting,
// torch's broadcasting rule and message, index dtype checks, bounds checks on the host, and the
// int32 linear indices that gather / scatterAdd / indexAdd run on.
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "../tensor.ts";
import { FulgurRuntimeError } from "../../errors.ts";
import { stridesOf } from "../../backend/kernels/util/nd_copy.ts";

export const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape (one implementation, the backend's). */
export { stridesOf };

/** torch's broadcasting of two shapes, with torch's message naming both sizes. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new FulgurRuntimeError(`The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** torch's index tensors are int64; fulgur stores those as int32. */
export function checkIndexDtype(index: Tensor, op: string, what = "Expected dtype int64 for index"): void {
  if (index.dtype !== "int32") throw new FulgurRuntimeError(`${op}(): ${what}`);
}

/**
 * Whether index data can be read synchronously without a device round trip (the WASM and cpu
 * backends keep data in host memory). Bounds are checked there; on GPU backends an index out of
 * range is not detected (reading it back would stall the queue every op).
 */
export function hostReadable(): boolean {
  const b = tf.getBackend();
  return b !== "webgpu" && b !== "webgl";
}

/** The first value of index outside [lo, hi), or null (checked only where hostReadable()). */
export function firstOutOfRange(index: tf.Tensor, lo: number, hi: number): number | null {
  if (!hostReadable() || index.size === 0) return null;
  const data = index.dataSync() as Int32Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo || v >= hi) return v;
  }
  return null;
}

/** An int32 [0, n) laid along axis `axis` of a rank-`rank` tensor (1s elsewhere), times `stride`. */
function iotaAlong(n: number, axis: number, rank: number, stride: number): tf.Tensor {
  const shape = new Array<number>(rank).fill(1);
  shape[axis] = n;
  const r = tf.reshape(tf.range(0, n, 1, "int32"), shape);
  return stride === 1 ? r : tf.mul(r, tf.scalar(stride, "int32"));
}

/**
 * Linear (flat, row-major) positions into a tensor of shape `target` for every element of a
 * tensor of shape `shape`: coordinate d is the element's own coordinate, except along `dim`,
 * where it is `index` (broadcastable to `shape`). int32, shape `shape`.
 */
export function linearIndex(shape: readonly number[], dim: number, index: tf.Tensor, target: readonly number[]): tf.Tensor {
  const strides = stridesOf(target);
  const rank = shape.length;
  let acc: tf.Tensor = strides[dim] === 1 ? index : tf.mul(index, tf.scalar(strides[dim], "int32"));
  for (let d = 0; d < rank; d++) {
    if (d === dim || shape[d] === 1) continue;
    acc = tf.add(acc, iotaAlong(shape[d], d, rank, strides[d]));
  }
  return acc.shape.length === rank && sameShape(acc.shape, shape) ? acc : tf.broadcastTo(acc, shape as number[]);
}

/**
 * Sums the rows of `values` ([rows, ...inner]) into `n` slots by int32 `ids` ([rows]): tfjs's
 * UnsortedSegmentSum (rows in order on fulgur-wasm: a fixed summation order). Where the active
 * backend has no such kernel, the same sum as a one-hot matmul (memory n × rows: a stopgap).
 * Integer sums run in float32 (exact while every partial sum stays below 2^24).
 */
export function segmentSum(values: tf.Tensor, ids: tf.Tensor, n: number): tf.Tensor {
  if (values.dtype !== "float32") return tf.cast(segmentSum(tf.cast(values, "float32"), ids, n), values.dtype);
  if (tf.getKernel("UnsortedSegmentSum", tf.getBackend()) !== undefined) {
    return tf.unsortedSegmentSum(values, ids as tf.Tensor1D, n);
  }
  const rows = ids.size;
  const inner = values.shape.slice(1);
  const oneHot = tf.cast(tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, n), "float32");
  const summed = tf.matMul(oneHot, tf.reshape(values, [rows, -1]), true, false);
  return tf.reshape(summed, [n, ...inner]);
}

/** torch's two size forms: `f(2, 3)` or `f([2, 3])`. */
export function sizesArg(args: ReadonlyArray<number | readonly number[]>): number[] {
  return Array.isArray(args[0]) ? (args[0] as number[]).slice() : (args as number[]).slice();
}
