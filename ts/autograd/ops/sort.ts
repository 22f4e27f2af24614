// sort / argsort / topk along a dim. The order is found by comparisons only (no float math), on
// the host for the CPU-side backends (identical on every engine; stable: ties keep their order,
// NaN counts as the largest value, as torch) and by tfjs's TopK kernel on WebGPU. The values'
// gradient goes back to the positions they came from (a gather whose backward is a scatter).
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { constant, permuteTo, reshapeTo } from "./grad_shape.ts";
import { mul } from "./binary.ts";
import { sum } from "./reduce.ts";
import type { ValuesIndices } from "./reduce.ts";
import { FulgurRuntimeError } from "../../errors.ts";

/** Rows [rows, n] of x with `axis` moved last (differentiable), and the permutation used. */
function rowsOf(x: Tensor, axis: number): { rows: Tensor; perm: number[]; moved: number[] } {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== axis);
  perm.push(axis);
  const m = permuteTo(x, perm);
  const n = x.shape[axis];
  return { rows: reshapeTo(m, [n === 0 ? 0 : x.size / n, n]), perm, moved: m.shape };
}

/** Back from rows [rows, k] to x's layout with `axis` of size k. */
function fromRows<T extends Tensor>(t: T, moved: number[], perm: number[], k: number): Tensor {
  const shape = moved.slice(0, -1).concat(k);
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return permuteTo(reshapeTo(t, shape), inv);
}

/** For each row the indices of its k first elements in the order asked (stable, NaN largest), on the host. */
function orderRows(v: tf.Tensor, k: number, largest: boolean): Int32Array {
  const [rows, n] = v.shape;
  const data = v.dataSync();
  const out = new Int32Array(rows * k);
  const idx = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((p, q) => {
      const a = data[base + p], b = data[base + q];
      const an = a !== a, bn = b !== b;
      if (an || bn) return an && bn ? 0 : (an ? 1 : -1) * (largest ? -1 : 1);
      return a === b ? 0 : (a < b ? -1 : 1) * (largest ? -1 : 1);
    });
    for (let i = 0; i < k; i++) out[r * k + i] = idx[i];
  }
  return out;
}

/**
 * WebGPU: tfjs's TopK kernel, no host read. The values' gradient is placed back through a
 * one-hot of the indices (mul + sum: linear, so it differentiates again).
 */
function topkRowsOnDevice(rows: Tensor, k: number, largest: boolean): { values: Tensor; indices: tf.Tensor } {
  const [r, n] = rows.shape;
  const key = rows.dtype === "bool" ? tf.cast(rows.value, "int32") : rows.value;
  const { values, indices } = tf.topk(largest ? key : tf.neg(key), k, true);
  const v = largest ? values : tf.neg(values);
  const hot = constant(tf.oneHot(indices, n, 1, 0, "float32"));
  const picked = recordOp("Topk", [rows], v, (g) => [sum(mul(reshapeTo(g, [r, k, 1]), hot), 1)]);
  return { values: picked, indices };
}

/** Picks rows[r, order[r, j]] → [rows, k]; backward scatters the gradient back (zeros elsewhere). */
function gatherRows(t: Tensor, order: Int32Array, k: number): Tensor {
  const [rows, n] = t.shape;
  const flat = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) flat[r * k + j] = r * n + order[r * k + j];
  const v = tf.reshape(tf.gather(tf.reshape(t.value, [-1]), tf.tensor1d(flat, "int32")), [rows, k]);
  return recordOp("Gather", [t], v, (g) => [scatterRows(g, flat, rows, n)]);
}

/** Inverse of gatherRows: g [rows, k] placed at the flat positions, zero elsewhere. */
function scatterRows(g: Tensor, flat: Int32Array, rows: number, n: number): Tensor {
  const size = rows * n, k = flat.length / Math.max(rows, 1);
  // source of each output element in [g..., 0]: the zero slot by default
  const map = new Int32Array(size).fill(flat.length);
  for (let i = 0; i < flat.length; i++) map[flat[i]] = i;
  const src = tf.concat([tf.reshape(g.value, [-1]), tf.zeros([1], g.dtype)]);
  const v = tf.reshape(tf.gather(src, tf.tensor1d(map, "int32")), [rows, n]);
  return recordOp("Scatter", [g], v, (gg) => [gatherRowsFlat(gg, flat, rows, k)]);
}

function gatherRowsFlat(t: Tensor, flat: Int32Array, rows: number, k: number): Tensor {
  const v = tf.reshape(tf.gather(tf.reshape(t.value, [-1]), tf.tensor1d(flat, "int32")), [rows, k]);
  const n = t.shape[1];
  return recordOp("Gather", [t], v, (g) => [scatterRows(g, flat, rows, n)]);
}

function sortedPart(x: Tensor, dim: number, k: number, largest: boolean): ValuesIndices {
  if (x.rank === 0) {
    const values = recordOp("Clone", [x], tf.clone(x.value), (g) => [g], false);
    const indices = new Tensor(tf.scalar(0, "int32"));
    return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
  }
  const axis = wrapDim(dim, x.rank);
  const { rows, perm, moved } = rowsOf(x, axis);
  if (isWebGPUActive() && rows.size > 0) {
    const d = topkRowsOnDevice(rows, k, largest);
    const values = fromRows(d.values, moved, perm, k);
    const indices = fromRows(new Tensor(d.indices), moved, perm, k);
    return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
  }
  const key = x.dtype === "bool" ? tf.cast(rows.value, "int32") : rows.value;
  const order = orderRows(key, k, largest);
  const picked = gatherRows(rows, order, k);
  const values = fromRows(picked, moved, perm, k);
  const indices = fromRows(new Tensor(tf.tensor2d(order, [rows.shape[0], k], "int32")), moved, perm, k);
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

/** torch.sort(input, dim=-1, descending=false, stable): [values, indices]; fulgur's sort is always stable. */
export function sort(x: Tensor, dim = -1, descending = false, _stable = false): ValuesIndices {
  const n = x.rank === 0 ? 1 : x.shape[wrapDim(dim, x.rank)];
  return sortedPart(x, dim, n, descending);
}

/** torch.argsort: the indices of sort. */
export function argsort(x: Tensor, dim = -1, descending = false): Tensor {
  return sort(x, dim, descending).indices;
}

/** torch.topk(input, k, dim=-1, largest=true, sorted=true): [values, indices] (always sorted). */
export function topk(x: Tensor, k: number, dim = -1, largest = true, _sorted = true): ValuesIndices {
  const n = x.rank === 0 ? 1 : x.shape[wrapDim(dim, x.rank)];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new FulgurRuntimeError("selected index k out of range");
  return sortedPart(x, dim, k, largest);
}
