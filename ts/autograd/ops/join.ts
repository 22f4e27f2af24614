// Joining and splitting: cat, stack, hstack, vstack, split, chunk, unbind. cat's gradient is
// a narrow per input; the others are built from cat, narrow and select, so they differentiate
// (and differentiate again) through those.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { reshape, unsqueeze } from "./shape.ts";
import { narrow, select } from "./indexing.ts";
import { fmtShape, sameShape } from "./index_util.ts";
import { FulgurRuntimeError } from "../../errors.ts";

/** torch's promotion across a list: float32 over int32 over bool. */
function commonDtype(ts: readonly Tensor[]): tf.DataType {
  if (ts.some((t) => t.dtype === "float32")) return "float32";
  if (ts.some((t) => t.dtype === "int32")) return "int32";
  return "bool";
}

/** torch.cat(tensors, dim): joins along an existing dim. 1-D empty tensors are skipped, as torch does. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new FulgurRuntimeError("torch.cat(): expected a non-empty list of Tensors");
  const parts = tensors.filter((t) => !(t.rank === 1 && t.shape[0] === 0));
  if (parts.length === 0) return new Tensor(tf.zeros([0], commonDtype(tensors)));
  const ref = parts[0];
  if (ref.rank === 0) throw new FulgurRuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = wrapDim(dim, ref.rank);
  parts.forEach((t) => {
    if (t.rank === 0) throw new FulgurRuntimeError(`zero-dimensional tensor (at position ${tensors.indexOf(t)}) cannot be concatenated`);
    if (t.rank !== ref.rank) throw new FulgurRuntimeError(`Tensors must have same number of dimensions: got ${ref.rank} and ${t.rank}`);
    for (let k = 0; k < ref.rank; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new FulgurRuntimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${tensors.indexOf(t)} in the list.`,
        );
      }
    }
  });
  const dtype = commonDtype(parts);
  const values = parts.map((t) => (t.dtype === dtype ? t.value : tf.cast(t.value, dtype)));
  const value = parts.length === 1 ? tf.clone(values[0]) : tf.concat(values, d);
  const sizes = parts.map((t) => t.shape[d]);
  return recordOp("Cat", parts as Tensor[], value, (g, needs) => {
    let offset = 0;
    return sizes.map((n, i) => {
      const gi = needs[i] ? narrow(g, d, offset, n) : null;
      offset += n;
      return gi;
    });
  }, false);
}

/** torch.concat / torch.concatenate: cat under torch's other names. */
export const concat = cat;

/** torch.stack(tensors, dim): joins along a new dim; every tensor must have the same shape. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new FulgurRuntimeError("stack expects a non-empty TensorList");
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, ref.shape)) {
      throw new FulgurRuntimeError(`stack expects each tensor to be equal size, but got ${fmtShape(ref.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = wrapDim(dim, ref.rank + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/** torch.hstack: cat along dim 1 (dim 0 for 1-D tensors); 0-d tensors become 1-D. */
export function hstack(tensors: readonly Tensor[]): Tensor {
  const ts = tensors.map((t) => (t.rank === 0 ? reshape(t, [1]) : t));
  return cat(ts, ts.length > 0 && ts[0].rank === 1 ? 0 : 1);
}

/** torch.vstack: cat along dim 0 after making every tensor at least 2-D (a 1-D [n] becomes [1, n]). */
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map((t) => (t.rank === 0 ? reshape(t, [1, 1]) : t.rank === 1 ? unsqueeze(t, 0) : t)), 0);
}

/**
 * torch.split(splitSizeOrSections, dim): pieces of `size` elements along dim (the last may be
 * smaller), or pieces of the given sizes (they must add up to the dim's size).
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (x.rank === 0) throw new FulgurRuntimeError("split expects at least a 1-dimensional tensor");
  const d = wrapDim(dim, x.rank);
  const size = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === "number") {
    const s = splitSizeOrSections;
    if (!Number.isInteger(s) || s < 0) throw new FulgurRuntimeError(`split expects split_size be non-negative, but got split_size=${s}`);
    if (s === 0) {
      if (size !== 0) throw new FulgurRuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
      sizes = [0];
    } else {
      sizes = [];
      for (let start = 0; start < size; start += s) sizes.push(Math.min(s, size - start));
      if (sizes.length === 0) sizes.push(0);
    }
  } else {
    sizes = splitSizeOrSections.slice();
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== size) {
      throw new FulgurRuntimeError(
        `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(sizes)}`,
      );
    }
  }
  const out: Tensor[] = [];
  let offset = 0;
  for (const n of sizes) {
    out.push(narrow(x, d, offset, n));
    offset += n;
  }
  return out;
}

/** torch.chunk(chunks, dim): split into pieces of ceil(size / chunks) (so possibly fewer than `chunks`). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (x.rank === 0) throw new FulgurRuntimeError("chunk expects at least a 1-dimensional tensor");
  if (!Number.isInteger(chunks) || chunks <= 0) throw new FulgurRuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = wrapDim(dim, x.rank);
  const size = x.shape[d];
  const each = Math.ceil(size / chunks);
  // torch: a zero-size dim gives `chunks` empty pieces
  if (each === 0) return split(x, new Array(chunks).fill(0), d);
  return split(x, each, d);
}

/** torch.unbind(dim): every slice along dim, that dim removed. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.rank === 0) throw new FulgurRuntimeError("Dimension specified as 0 but tensor has no dimensions");
  const d = wrapDim(dim, x.rank);
  const out: Tensor[] = [];
  for (let i = 0; i < x.shape[d]; i++) out.push(select(x, d, i));
  return out;
}
