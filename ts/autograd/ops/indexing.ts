// Indexing ops: select, narrow, slice (with steps), indexSelect / indexAdd, gather / scatter /
// scatterAdd, maskedFill, where, maskedSelect, take. Index tensors are int32 (torch's int64).
// Backward formulas are written in these ops (gather ↔ scatterAdd, indexSelect ↔ indexAdd,
// slice ↔ zero padding), so gradients differentiate again.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { expand, permute, reshape, squeeze, sumToSize, unsqueeze } from "./shape.ts";
import {
  broadcastShapes, checkIndexDtype, firstOutOfRange, fmtShape, hostReadable, linearIndex, numelOf, sameShape, segmentSum,
} from "./index_util.ts";
import { FulgurRuntimeError } from "../../errors.ts";
import { IndexError } from "../../backend/errors.ts";

/** Zero padding of `before`/`after` elements along dim; the adjoint of narrow (internal). */
export function padDim(x: Tensor, dim: number, before: number, after: number): Tensor {
  if (before === 0 && after === 0) return reshape(x, x.shape);
  const pads = x.shape.map((_, i): [number, number] => (i === dim ? [before, after] : [0, 0]));
  const size = x.shape[dim];
  return recordOp("ConstantPadNd", [x], tf.pad(x.value, pads, 0), (g) => [narrow(g, dim, before, size)], false);
}

/** Elements [start, start + n·step) of dim with stride `step`, already validated. */
function sliceWrapped(x: Tensor, dim: number, start: number, n: number, step: number): Tensor {
  const shape = x.shape;
  const outShape = shape.slice();
  outShape[dim] = n;
  let value: tf.Tensor;
  if (numelOf(outShape) === 0) {
    value = tf.zeros(outShape, x.dtype);
  } else if (step === 1) {
    const begin = shape.map((_, i) => (i === dim ? start : 0));
    value = tf.slice(x.value, begin, outShape);
  } else {
    const begin = shape.map((_, i) => (i === dim ? start : 0));
    const end = shape.map((d, i) => (i === dim ? start + (n - 1) * step + 1 : d));
    const strides = shape.map((_, i) => (i === dim ? step : 1));
    value = tf.stridedSlice(x.value, begin, end, strides);
  }
  const size = shape[dim];
  return recordOp("Slice", [x], value, (g) => [sliceBackward(g, dim, size, start, n, step)], false);
}

/** Places g's n elements at start, start+step, ... of a zero tensor of size `size` along dim. */
function sliceBackward(g: Tensor, dim: number, size: number, start: number, n: number, step: number): Tensor {
  if (n === 0) return padDim(g, dim, 0, size);
  let spread = g;
  let len = n;
  if (step > 1) {
    // [.., n, ..] → [.., n, step, ..] (zeros after each element) → [.., n·step, ..]
    const u = padDim(unsqueeze(g, dim + 1), dim + 1, 0, step - 1);
    const s = g.shape.slice();
    s[dim] = n * step;
    spread = reshape(u, s);
    len = Math.min(n * step, size - start);
    if (len < n * step) spread = narrow(spread, dim, 0, len);
  }
  return padDim(spread, dim, start, size - start - len);
}

/** torch.select(dim, index): the slice at index along dim, that dim removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.rank === 0) throw new IndexError("select() cannot be applied to a 0-dim tensor.");
  const d = wrapDim(dim, x.rank);
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${dim}`);
  }
  const i = index < 0 ? index + size : index;
  return squeeze(sliceWrapped(x, d, i, 1, 1), d);
}

/** torch.narrow(dim, start, length): `length` elements from `start` (negative start counts from the end). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.rank === 0) throw new FulgurRuntimeError("narrow() cannot be applied to a 0-dim tensor.");
  const d = wrapDim(dim, x.rank);
  const size = x.shape[d];
  if (start < -size || start > size) {
    throw new IndexError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  }
  const s = start < 0 ? start + size : start;
  if (length < 0) throw new FulgurRuntimeError("narrow(): length must be non-negative.");
  if (s + length > size) throw new FulgurRuntimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return sliceWrapped(x, d, s, length, 1);
}

/**
 * x[..., start:end:step, ...] along dim, with Python's slicing rules: negative start/end count
 * from the end, out-of-range bounds are clamped, null means the whole extent. step must be > 0.
 */
export function slice(x: Tensor, dim = 0, start: number | null = null, end: number | null = null, step = 1): Tensor {
  if (x.rank === 0) throw new IndexError("slice() cannot be applied to a 0-dim tensor.");
  const d = wrapDim(dim, x.rank);
  if (!Number.isInteger(step) || step <= 0) throw new FulgurRuntimeError("slice step must be positive");
  const size = x.shape[d];
  const clampBound = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const s = clampBound(start, 0);
  const e = Math.max(clampBound(end, size), s);
  const n = Math.ceil((e - s) / step);
  return sliceWrapped(x, d, s, n, step);
}

/** torch.index_select(dim, index): the entries `index` (1-D int) along dim. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype(index, "index_select", "Expected dtype int32 or int64 for index");
  if (index.rank > 1) throw new IndexError("index_select(): Index is supposed to be a vector");
  const d = wrapDim(dim, x.rank);
  const size = x.rank === 0 ? 1 : x.shape[d];
  if (x.rank === 0 && index.size !== 1) throw new IndexError(`index_select(): Index to scalar can have only 1 value, got ${index.size} value(s)`);
  if (firstOutOfRange(index.value, 0, size) !== null) throw new IndexError("index out of range in self");
  return indexSelectChecked(x, d, index);
}

function indexSelectChecked(x: Tensor, d: number, index: Tensor): Tensor {
  // a 0-d tensor is read as [1] (every index is 0); the result stays 0-d, as torch's
  if (x.rank === 0) return reshape(indexSelectChecked(reshape(x, [1]), 0, index), []);
  const idx = index.rank === 1 ? index.value : tf.reshape(index.value, [-1]);
  const value = tf.gather(x.value, idx, d);
  const shape = x.shape;
  return recordOp("IndexSelect", [x], value, (g) => [indexAddChecked(null, d, index, g, 1, shape)], false);
}

/**
 * torch.index_add(dim, index, source, alpha): x with source's slices added at `index` along dim
 * (repeated indices accumulate). The adjoint of indexSelect.
 */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor {
  checkIndexDtype(index, "index_add", "Expected dtype int32 or int64 for index");
  if (index.rank > 1) throw new IndexError("index_add_(): Index is supposed to be a vector");
  const d = wrapDim(dim, x.rank);
  const n = index.size;
  const srcDim = source.rank === 0 ? 1 : source.shape[d];
  if (srcDim !== n) {
    throw new IndexError(`index_add_(): Number of indices (${n}) should be equal to source.size(dim) (${srcDim})`);
  }
  if (source.rank !== x.rank || !x.shape.every((s, i) => i === d || s === source.shape[i])) {
    throw new FulgurRuntimeError(`index_add_(): Source/destination tensor must have same slice shapes. Destination slice shape: ${fmtShape(x.shape.filter((_, i) => i !== d))} at dimension ${d} and source slice shape: ${fmtShape(source.shape.filter((_, i) => i !== d))} at dimension 0.`);
  }
  if (source.dtype !== x.dtype) throw new FulgurRuntimeError("index_add_(): self and source expected to have the same dtype");
  if (firstOutOfRange(index.value, 0, x.rank === 0 ? 1 : x.shape[d]) !== null) throw new IndexError("index out of range in self");
  return indexAddChecked(x, d, index, source, alpha);
}

/**
 * x (or zeros of `shape` when x is null: a backward's accumulation needs no base) plus
 * source's slices summed in at index along d: one row-wise segment sum over d moved to the front.
 */
function indexAddChecked(x: Tensor | null, d: number, index: Tensor, source: Tensor, alpha: number, shape: readonly number[] = x!.shape): Tensor {
  const rank = source.rank;
  const perm = [d, ...source.shape.map((_, i) => i).filter((i) => i !== d)];
  const front = d === 0 ? source.value : tf.transpose(source.value, perm);
  const src = alpha === 1 ? front : tf.mul(front, tf.scalar(alpha, source.dtype));
  let added = segmentSum(src, tf.reshape(index.value, [-1]), shape[d]);
  if (d !== 0) {
    const inverse = new Array<number>(rank);
    perm.forEach((p, i) => (inverse[p] = i));
    added = tf.transpose(added, inverse);
  }
  const value = x === null ? added : tf.add(x.value, added);
  const inputs = x === null ? [source] : [x, source];
  return recordOp("IndexAdd", inputs, value, (g, needs) => {
    const gs = needs[inputs.length - 1] ? scaled(indexSelectChecked(g, d, index), alpha) : null;
    return x === null ? [gs] : [needs[0] ? g : null, gs];
  }, false);
}

/** g · alpha without B's mul (a constant factor through a where-free path). */
function scaled(g: Tensor, alpha: number): Tensor {
  if (alpha === 1) return g;
  return recordOp("MulScalar", [g], tf.mul(g.value, tf.scalar(alpha, g.dtype)), (gg) => [scaled(gg, alpha)], false);
}

/** Checks gather/scatter's index against the tensor: same rank, no larger except along dim. */
function checkGatherShapes(op: string, x: Tensor, dim: number, index: Tensor, src?: Tensor): void {
  if (index.rank !== x.rank && !(index.rank <= 1 && x.rank <= 1)) {
    throw new FulgurRuntimeError("Index tensor must have the same number of dimensions as input tensor");
  }
  for (let i = 0; i < index.rank; i++) {
    if (i !== dim && index.shape[i] > x.shape[i]) {
      throw new FulgurRuntimeError(`Size does not match at dimension ${i} expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(x.shape)} apart from dimension ${dim}`);
    }
    if (src && index.shape[i] > src.shape[i]) {
      throw new FulgurRuntimeError(`Size does not match at dimension ${i} expected index ${fmtShape(index.shape)} to be smaller than src ${fmtShape(src.shape)}`);
    }
  }
  if (src && src.rank !== index.rank) throw new FulgurRuntimeError("Index tensor must have the same number of dimensions as src tensor");
  const size = x.rank === 0 ? 1 : x.shape[dim];
  const bad = firstOutOfRange(index.value, 0, size);
  if (bad !== null) throw new FulgurRuntimeError(`index ${bad} is out of bounds for dimension ${dim} with size ${size}`);
}

/** Linear positions into x (flat) of gather/scatter's index (shape of index). */
function gatherLinear(x: Tensor, dim: number, index: Tensor): tf.Tensor {
  if (index.rank === 0) return tf.reshape(index.value, []);
  return linearIndex(index.shape, dim, index.value, x.rank === 0 ? [1] : x.shape);
}

/** torch.gather(dim, index): out[i][j] = x[index[i][j]][j] (for dim 0). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype(index, "gather");
  const d = wrapDim(dim, x.rank);
  checkGatherShapes("gather", x, d, index);
  return gatherChecked(x, d, index);
}

function gatherChecked(x: Tensor, d: number, index: Tensor): Tensor {
  const value = index.size === 0 ? tf.zeros(index.shape, x.dtype) : tf.reshape(tf.gather(tf.reshape(x.value, [-1]), tf.reshape(gatherLinear(x, d, index), [-1])), index.shape);
  const shape = x.shape;
  return recordOp("Gather", [x], value, (g) => [scatterAddChecked(null, d, index, g, shape)], false);
}

/** src cut to index's shape (torch reads only those elements of a larger src). */
function cropTo(src: Tensor, shape: readonly number[]): Tensor {
  let out = src;
  for (let i = 0; i < shape.length; i++) if (out.shape[i] !== shape[i]) out = narrow(out, i, 0, shape[i]);
  return out;
}

/** Zero-pads t (shape ≤ shape per dim) up to shape: the adjoint of cropTo. */
function padTo(t: Tensor, shape: readonly number[]): Tensor {
  let out = t;
  for (let i = 0; i < shape.length; i++) if (out.shape[i] !== shape[i]) out = padDim(out, i, 0, shape[i] - out.shape[i]);
  return out;
}

/** torch.scatter_add(dim, index, src): x with src[i][j] added at [index[i][j]][j] (dim 0). The adjoint of gather. */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  // torch's scatter_add shares scatter's checks (and their "scatter():" wording)
  checkIndexDtype(index, "scatter");
  if (src.dtype !== x.dtype) throw new FulgurRuntimeError("scatter(): Expected self.dtype to be equal to src.dtype");
  const d = wrapDim(dim, x.rank);
  checkGatherShapes("scatter_add", x, d, index, src);
  return scatterAddChecked(x, d, index, src);
}

/** x (or zeros of `shape` when x is null, as gather's backward needs) plus src scattered in at index. */
function scatterAddChecked(x: Tensor | null, d: number, index: Tensor, src: Tensor, shape: readonly number[] = x!.shape): Tensor {
  const srcShape = src.shape;
  const s = sameShape(srcShape, index.shape) ? src : cropTo(src, index.shape);
  const size = numelOf(shape);
  let value: tf.Tensor;
  if (index.size > 0) {
    const lin = tf.reshape(linearIndex(index.rank === 0 ? [] : index.shape, d, index.value, shape.length === 0 ? [1] : shape), [-1]);
    const added = tf.reshape(segmentSum(tf.reshape(s.value, [-1]), lin, size), shape as number[]);
    value = x === null ? added : tf.add(x.value, added);
  } else {
    value = x === null ? tf.zeros(shape as number[], src.dtype) : x.value;
  }
  const inputs = x === null ? [src] : [x, src];
  return recordOp("ScatterAdd", inputs, value, (g, needs) => {
    const gs = needs[inputs.length - 1] ? padTo(gatherChecked(g, d, index), srcShape) : null;
    return x === null ? [gs] : [needs[0] ? g : null, gs];
  }, false);
}

/**
 * torch.scatter(dim, index, src | value): x with src's (or value's) entries written at index.
 * Where an index repeats, the last write wins on the host backends (torch leaves it undefined);
 * on GPU backends repeated indices sum their sources.
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  checkIndexDtype(index, "scatter");
  if (src instanceof Tensor && src.dtype !== x.dtype) throw new FulgurRuntimeError("scatter(): Expected self.dtype to be equal to src.dtype");
  const d = wrapDim(dim, x.rank);
  checkGatherShapes("scatter", x, d, index, src instanceof Tensor ? src : undefined);
  return scatterChecked(x, d, index, src);
}

function scatterChecked(x: Tensor, d: number, index: Tensor, src: Tensor | number): Tensor {
  const srcShape = src instanceof Tensor ? src.shape : [];
  let value = x.value;
  if (index.size > 0) {
    const lin = tf.reshape(gatherLinear(x, d, index), [-1]);
    let keep = tf.onesLike(lin);
    if (hostReadable()) keep = lastWriters(lin);
    const written = tf.greater(tf.reshape(segmentSum(tf.cast(keep, "float32"), lin, x.size), x.shape), 0);
    let vals: tf.Tensor;
    if (src instanceof Tensor) {
      const s = tf.reshape(cropTo(src, index.shape).value, [-1]);
      const kept = tf.where(tf.cast(keep, "bool"), s, tf.zerosLike(s));
      vals = tf.reshape(segmentSum(kept, lin, x.size), x.shape);
    } else {
      vals = tf.fill(x.shape, src, x.dtype);
    }
    value = tf.where(written, vals, x.value);
  }
  const inputs = src instanceof Tensor ? [x, src] : [x];
  return recordOp("Scatter", inputs, value, (g, needs) => [
    needs[0] ? scatterChecked(g, d, index, 0) : null,
    needs[1] ? padTo(gatherChecked(g, d, index), srcShape) : null,
  ], false);
}

/** int32 1 for the last occurrence of each linear position, 0 for earlier repeats (host). */
function lastWriters(lin: tf.Tensor): tf.Tensor {
  const ids = lin.dataSync() as Int32Array;
  const seen = new Set<number>();
  const keep = new Int32Array(ids.length);
  for (let i = ids.length - 1; i >= 0; i--) {
    if (!seen.has(ids[i])) {
      seen.add(ids[i]);
      keep[i] = 1;
    }
  }
  return tf.tensor(keep, [ids.length], "int32");
}

function checkMask(mask: Tensor, op: string): void {
  if (mask.dtype !== "bool") throw new FulgurRuntimeError(`${op} only supports boolean masks, but got mask with dtype ${torchDtype(mask.dtype)}`);
}

const torchDtype = (d: tf.DataType): string => (d === "float32" ? "float" : d === "int32" ? "long" : d === "bool" ? "bool" : d);

/**
 * torch.masked_fill(mask, value): value where mask (bool, broadcast) is true. value is a number
 * or a 0-d tensor (then differentiable in it too). The result has the broadcast shape.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  checkMask(mask, "masked_fill_");
  if (value instanceof Tensor && value.rank !== 0) {
    throw new FulgurRuntimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.rank} dimension(s).`);
  }
  const shape = broadcastShapes(mask.shape, x.shape);
  const fill = value instanceof Tensor ? (value.dtype === x.dtype ? value.value : tf.cast(value.value, x.dtype)) : tf.scalar(value, x.dtype);
  const out = tf.where(mask.value, fill, x.value);
  const xShape = x.shape;
  const inputs = value instanceof Tensor ? [x, value] : [x];
  return recordOp("MaskedFill", inputs, out.shape.length === shape.length ? out : tf.broadcastTo(out, shape), (g, needs) => [
    needs[0] ? sumToSize(maskedFill(g, mask, 0), xShape) : null,
    needs[1] ? sumToSize(where(mask, g, 0), []) : null,
  ], false);
}

/** torch's result type of where's two operands (tensors rank above numbers; float above int above bool). */
function whereDtype(a: Tensor | number, b: Tensor | number): tf.DataType {
  const rank = (v: Tensor | number): number => {
    const d = v instanceof Tensor ? v.dtype : Number.isInteger(v) ? "int32" : "float32";
    return d === "float32" ? 2 : d === "int32" ? 1 : 0;
  };
  const tensorRank = Math.max(a instanceof Tensor ? rank(a) : -1, b instanceof Tensor ? rank(b) : -1);
  const numberRank = Math.max(a instanceof Tensor ? -1 : rank(a), b instanceof Tensor ? -1 : rank(b));
  // a number raises the type only to a higher category (torch's scalar promotion); two numbers
  // give their own type (torch.where(c, 1, 0) is int64)
  const r = tensorRank < 0 ? numberRank : Math.max(tensorRank, numberRank);
  return r === 2 ? "float32" : r === 1 ? "int32" : "bool";
}

/** torch.where(condition, x, y): x where condition (bool) holds, else y; all three broadcast. */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (cond.dtype !== "bool") {
    throw new FulgurRuntimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype === "float32" ? "Float" : "Long"}`);
  }
  const dtype = whereDtype(a, b);
  const av = a instanceof Tensor ? a.value : tf.scalar(a, dtype);
  const bv = b instanceof Tensor ? b.value : tf.scalar(b, dtype);
  broadcastShapes(broadcastShapes(cond.shape, av.shape), bv.shape);
  const cast = (v: tf.Tensor) => (v.dtype === dtype ? v : tf.cast(v, dtype));
  const value = tf.where(cond.value, cast(av), cast(bv));
  const inputs: Tensor[] = [];
  if (a instanceof Tensor) inputs.push(a);
  if (b instanceof Tensor) inputs.push(b);
  if (dtype !== "float32") return new Tensor(value);
  return recordOp("Where", inputs, value, (g, needs) => {
    const out: Array<Tensor | null> = [];
    let k = 0;
    if (a instanceof Tensor) out.push(needs[k++] ? sumToSize(where(cond, g, 0), a.shape) : null);
    if (b instanceof Tensor) out.push(needs[k++] ? sumToSize(where(cond, 0, g), b.shape) : null);
    return out;
  }, false);
}

/**
 * torch.masked_select(mask): the 1-D tensor of x's elements where mask (broadcast) is true.
 * Reads the mask on the host to know the result's length (a device sync on GPU backends).
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask(mask, "masked_select:");
  const shape = broadcastShapes(x.shape, mask.shape);
  const m = (sameShape(mask.shape, shape) ? mask.value : tf.broadcastTo(mask.value, shape)).dataSync() as Uint8Array;
  const picked: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i]) picked.push(i);
  const flat = reshape(sameShape(x.shape, shape) ? x : expand(x, shape), [-1]);
  return indexSelectChecked(flat, 0, new Tensor(tf.tensor(Int32Array.from(picked), [picked.length], "int32")));
}

/** torch.take(index): x read as 1-D at index (negative counts from the end); the result has index's shape. */
export function take(x: Tensor, index: Tensor): Tensor {
  checkIndexDtype(index, "take");
  const n = x.size;
  if (hostReadable() && index.size > 0) {
    const data = index.value.dataSync() as Int32Array;
    for (const v of data) {
      if (v < -n || v >= n) throw new IndexError(`out of range: tried to access index ${v} on a tensor of ${n} elements.`);
    }
  }
  const iv = index.value;
  const wrapped = new Tensor(tf.where(tf.less(iv, 0), tf.add(iv, tf.scalar(n, "int32")), iv));
  return reshape(indexSelectChecked(reshape(x, [-1]), 0, reshape(wrapped, [-1])), index.shape);
}

/**
 * The flat row (over x's first indices.length dims) that each broadcast combination of the
 * int index tensors picks, with torch's bounds check; negative indices count from the end.
 */
function advancedRows(op: string, x: Tensor, indices: readonly Tensor[]): { rows: Tensor; bshape: number[]; rest: number[]; p: number } {
  if (indices.length === 0) throw new IndexError(`${op}: at least one index tensor is needed`);
  if (indices.length > x.rank) throw new IndexError(`too many indices for tensor of dimension ${x.rank} (got ${indices.length})`);
  let bshape: number[] = [];
  indices.forEach((t) => {
    if (t.dtype !== "int32") throw new IndexError("tensors used as indices must be long, int, byte or bool tensors");
    bshape = broadcastShapes(bshape, t.shape);
  });
  const k = indices.length;
  const lead = x.shape.slice(0, k);
  const rest = x.shape.slice(k);
  let lin: tf.Tensor | null = null;
  let stride = 1;
  for (let j = k - 1; j >= 0; j--) {
    const size = lead[j];
    const iv = indices[j].value;
    const bad = firstOutOfRange(iv, -size, size);
    if (bad !== null) throw new IndexError(`index ${bad} is out of bounds for dimension ${j} with size ${size}`);
    const wrapped = tf.where(tf.less(iv, 0), tf.add(iv, tf.scalar(size, "int32")), iv);
    const term = stride === 1 ? wrapped : tf.mul(wrapped, tf.scalar(stride, "int32"));
    lin = lin === null ? term : tf.add(lin, term);
    stride *= size;
  }
  const rows = new Tensor(tf.reshape(tf.broadcastTo(lin!, bshape), [-1]));
  return { rows, bshape, rest, p: stride };
}

/** x[i0, i1, ...] with int index tensors (torch's advanced indexing, aten::index): shape broadcast(indices) + x.shape[k:]. */
export function index(x: Tensor, indices: readonly Tensor[]): Tensor {
  const { rows, bshape, rest, p } = advancedRows("index", x, indices);
  const picked = indexSelectChecked(reshape(x, [p, ...rest]), 0, rows);
  return reshape(picked, [...bshape, ...rest]);
}

/**
 * torch's index_put(indices, values, accumulate): x with x[i0, i1, ...] set to values (broadcast),
 * or increased by them when accumulate. Differentiable in x and values. Repeated indices without
 * accumulate: the last write wins on fulgur-wasm / cpu (torch: undefined).
 */
export function indexPut(x: Tensor, indices: readonly Tensor[], values: Tensor | number, accumulate = false): Tensor {
  const { rows, bshape, rest, p } = advancedRows("index_put", x, indices);
  const n = rows.size;
  const target = [...bshape, ...rest];
  let v = values instanceof Tensor ? values : new Tensor(tf.scalar(values, x.dtype));
  if (v.dtype !== x.dtype) {
    throw new FulgurRuntimeError(`Index put requires the source and destination dtypes match, got ${torchDtype(x.dtype) === "float" ? "Float" : "Long"} for the destination and ${torchDtype(v.dtype) === "float" ? "Float" : "Long"} for the source.`);
  }
  const fits = v.shape.length <= target.length && v.shape.every((d, i) => d === 1 || d === target[target.length - v.shape.length + i]);
  if (!fits) {
    throw new FulgurRuntimeError(`shape mismatch: value tensor of shape ${fmtShape(v.shape)} cannot be broadcast to indexing result of shape ${fmtShape(target)}`);
  }
  v = reshape(sameShape(v.shape, target) ? v : expand(v, target), [n, ...rest]);
  const x2 = reshape(x, [p, ...rest]);
  let out: Tensor;
  if (accumulate) {
    out = indexAddChecked(x2, 0, rows, v, 1);
  } else {
    const idx = new Tensor(tf.broadcastTo(tf.reshape(rows.value, [n, ...rest.map(() => 1)]), [n, ...rest]));
    out = scatterChecked(x2, 0, idx, v);
  }
  return reshape(out, x.shape);
}

/**
 * torch.roll(shifts, dims): elements shifted along each dim, wrapping around; without dims the
 * tensor is rolled as if flattened. Built from narrow and cat (differentiable through them).
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const sh = typeof shifts === "number" ? [shifts] : shifts.slice();
  if (dims === undefined || (Array.isArray(dims) && dims.length === 0)) {
    if (sh.length !== 1) throw new FulgurRuntimeError(`roll: shifts and dimensions must align. shifts: ${sh.length}, dims:0`);
    return reshape(roll(reshape(x, [-1]), sh[0], 0), x.shape);
  }
  const ds = typeof dims === "number" ? [dims] : dims.slice();
  if (sh.length !== ds.length) throw new FulgurRuntimeError(`shifts and dimensions must align. shifts: ${sh.length}, dims:${ds.length}`);
  let out = x;
  sh.forEach((s, i) => {
    const d = wrapDim(ds[i], x.rank);
    const n = x.shape[d];
    if (n === 0) return;
    const k = ((s % n) + n) % n;
    if (k === 0) return;
    out = catAlong([sliceWrapped(out, d, n - k, k, 1), sliceWrapped(out, d, 0, n - k, 1)], d);
  });
  return out === x ? reshape(x, x.shape) : out;
}

/** cat of two same-dtype parts along d (roll's join; its backward narrows them apart). */
function catAlong(parts: Tensor[], d: number): Tensor {
  const sizes = parts.map((p) => p.shape[d]);
  return recordOp("Cat", parts, tf.concat(parts.map((p) => p.value), d), (g, needs) => {
    let offset = 0;
    return sizes.map((n, i) => {
      const gi = needs[i] ? sliceWrapped(g, d, offset, n, 1) : null;
      offset += n;
      return gi;
    });
  }, false);
}

/**
 * torch.diagonal(offset, dim1, dim2): the diagonal of the (dim1, dim2) planes, as the last dim.
 * Those two dims are moved last and flattened; the diagonal is then a slice with step cols + 1.
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const a = wrapDim(dim1, x.rank), b = wrapDim(dim2, x.rank);
  if (a === b) throw new FulgurRuntimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const rows = x.shape[a], cols = x.shape[b];
  const len = Math.max(0, offset >= 0 ? Math.min(rows, cols - offset) : Math.min(rows + offset, cols));
  const rest = x.shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  const moved = permute(x, [...rest, a, b]);
  const batch = rest.map((i) => x.shape[i]);
  const flat = reshape(moved, [...batch, rows * cols]);
  const start = offset >= 0 ? offset : -offset * cols;
  if (len === 0) return sliceWrapped(flat, batch.length, 0, 0, 1);
  return sliceWrapped(flat, batch.length, start, len, cols + 1);
}

/**
 * torch.nonzero(x): the int64 [n, rank] coordinates of x's non-zero elements, in row-major
 * order. Reads x on the host (a device sync on GPU backends); not differentiable.
 */
export function nonzero(x: Tensor): Tensor {
  const data = x.value.dataSync();
  const strides = x.shape.map((_, i) => numelOf(x.shape.slice(i + 1)));
  const coords: number[] = [];
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    n++;
    let r = i;
    for (const s of strides) {
      coords.push(Math.floor(r / s));
      r %= s;
    }
  }
  return new Tensor(tf.tensor(Int32Array.from(coords), [n, x.rank], "int32"));
}

/**
 * torch.diag(x, diagonal): a 1-D x becomes the square matrix with x on that diagonal; a 2-D x
 * gives its diagonal. Built from pad / reshape / slice (differentiable through them).
 */
export function diag(x: Tensor, k = 0): Tensor {
  if (x.rank === 2) return diagonal(x, k, 0, 1);
  if (x.rank !== 1) throw new FulgurRuntimeError(`diag(): Supports 1D or 2D tensors. Got ${x.rank}D`);
  const n = x.shape[0];
  const m = n + Math.abs(k);
  if (n === 0) return new Tensor(tf.zeros([m, m], x.dtype));
  // v_i at flat positions start + i·(m + 1) of the m × m result
  const spread = reshape(padDim(unsqueeze(x, 1), 1, 0, m), [n * (m + 1)]);
  const used = sliceWrapped(spread, 0, 0, (n - 1) * (m + 1) + 1, 1);
  const start = k >= 0 ? k : -k * m;
  return reshape(padDim(used, 0, start, m * m - start - used.shape[0]), [m, m]);
}

/**
 * torch.repeat_interleave(repeats, dim): each slice along dim repeated `repeats` times in place
 * (a number, or an int tensor with one count per slice, read on the host). Without dim the
 * tensor is flattened first. An indexSelect with the expanded index (differentiable through it).
 */
export function repeatInterleave(x: Tensor, repeats: number | Tensor, dim?: number): Tensor {
  const src = dim === undefined ? reshape(x, [-1]) : x;
  const d = dim === undefined ? 0 : wrapDim(dim, x.rank);
  const n = src.rank === 0 ? 1 : src.shape[d];
  let counts: ArrayLike<number>;
  if (repeats instanceof Tensor) {
    checkIndexDtype(repeats, "repeat_interleave", "Expected dtype int64 for repeats");
    if (repeats.rank > 1) throw new FulgurRuntimeError("repeat_interleave only accept 1D vector as repeat");
    const r = repeats.value.dataSync() as Int32Array;
    if (r.length !== n && r.length !== 1) throw new FulgurRuntimeError("repeats must have the same size as input along dim");
    counts = r.length === 1 ? new Array<number>(n).fill(r[0]) : r;
  } else {
    counts = new Array<number>(n).fill(repeats);
  }
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    if (counts[i] < 0 || !Number.isInteger(counts[i])) throw new FulgurRuntimeError("repeats can not be negative");
    for (let k = 0; k < counts[i]; k++) idx.push(i);
  }
  return indexSelectChecked(src, d, new Tensor(tf.tensor(Int32Array.from(idx), [idx.length], "int32")));
}
