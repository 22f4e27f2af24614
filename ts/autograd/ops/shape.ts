// Shape ops (torch's view family and friends). Every result is a new tensor (no aliasing).
// Gradients are the inverse rearrangement, written with these same ops so they differentiate
// again: reshape ↔ reshape, permute ↔ inverse permute, expand ↔ sumToSize, repeat → sumToSize.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import type { Tensor } from "../tensor.ts";
import { wrapDim } from "./broadcast.ts";
import { fmtShape, numelOf, sameShape } from "./index_util.ts";
import { FulgurRuntimeError } from "../../errors.ts";

/** torch's infer_size: resolves one -1 and checks the element count. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  const out = shape.slice();
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (infer >= 0) throw new FulgurRuntimeError("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new FulgurRuntimeError(`invalid shape dimension ${d}`);
    } else {
      known *= d;
    }
  }
  const invalid = () => new FulgurRuntimeError(`shape '${fmtShape(shape)}' is invalid for input of size ${numel}`);
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) throw invalid();
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw invalid();
  }
  return out;
}

function reshapeAs(x: Tensor, shape: number[], name: string): Tensor {
  const from = x.shape;
  return recordOp(name, [x], tf.reshape(x.value, shape), (g) => [reshapeAs(g, from, name)], false);
}

/** torch.reshape (-1 infers one size). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeAs(x, inferSize(shape, x.size), "Reshape");
}

/** Tensor.view: the same as reshape here (fulgur's tensors are always contiguous; no aliasing). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return reshapeAs(x, inferSize(shape, x.size), "View");
}

/** torch.flatten(start_dim, end_dim): a 0-d tensor becomes 1-D. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) return reshapeAs(x, [1], "Flatten");
  const s = wrapDim(startDim, x.rank), e = wrapDim(endDim, x.rank);
  if (s > e) throw new FulgurRuntimeError("flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return reshapeAs(x, x.shape, "Flatten");
  const shape = x.shape;
  return reshapeAs(x, [...shape.slice(0, s), numelOf(shape.slice(s, e + 1)), ...shape.slice(e + 1)], "Flatten");
}

/** torch.unflatten(dim, sizes): one -1 may be inferred. */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = wrapDim(dim, x.rank);
  const n = x.shape[d];
  let resolved: number[];
  try {
    resolved = inferSize(sizes, n);
  } catch (e) {
    if (e instanceof FulgurRuntimeError && e.message.startsWith("shape")) {
      throw new FulgurRuntimeError(`unflatten: Provided sizes ${fmtShape(sizes)} don't multiply up to the size of dim ${dim} (${n}) in the input tensor`);
    }
    throw e;
  }
  return reshapeAs(x, [...x.shape.slice(0, d), ...resolved, ...x.shape.slice(d + 1)], "Unflatten");
}

/** torch.squeeze: every size-1 dim, or only `dim` (a list of dims allowed) when its size is 1. */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  let shape: number[];
  if (dim === undefined) {
    shape = x.shape.filter((d) => d !== 1);
  } else {
    const dims = (typeof dim === "number" ? [dim] : dim).map((d) => wrapDim(d, x.rank));
    shape = x.shape.filter((d, i) => !(d === 1 && dims.includes(i)));
  }
  return reshapeAs(x, shape, "Squeeze");
}

/** torch.unsqueeze: a size-1 dim inserted at `dim` (in [-rank-1, rank]). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.rank + 1);
  return reshapeAs(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)], "Unsqueeze");
}

/** torch.permute(dims). */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.rank) {
    throw new FulgurRuntimeError(
      `permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.rank} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const perm = dims.map((d) => wrapDim(d, x.rank));
  if (new Set(perm).size !== perm.length) throw new FulgurRuntimeError("permute(): duplicate dims are not allowed.");
  return permuteWrapped(x, perm);
}

function permuteWrapped(x: Tensor, perm: number[]): Tensor {
  if (perm.every((p, i) => p === i)) return reshapeAs(x, x.shape, "Permute");
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return recordOp("Permute", [x], tf.transpose(x.value, perm), (g) => [permuteWrapped(g, inverse)], false);
}

/** torch.transpose(dim0, dim1). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = wrapDim(dim0, x.rank), b = wrapDim(dim1, x.rank);
  if (x.rank < 2 || a === b) return reshapeAs(x, x.shape, "Transpose");
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permuteWrapped(x, perm);
}

/** torch .t(): transpose of a ≤2-D tensor. */
export function t(x: Tensor): Tensor {
  if (x.rank > 2) throw new FulgurRuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.rank}D`);
  return transpose(x, 0, x.rank - 1 < 0 ? 0 : x.rank - 1);
}

/** torch.movedim(source, destination): the moved dims land at their destinations, the rest keep their order. */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const src = (typeof source === "number" ? [source] : source).map((d) => wrapDim(d, x.rank));
  const dst = (typeof destination === "number" ? [destination] : destination).map((d) => wrapDim(d, x.rank));
  if (src.length !== dst.length) {
    throw new FulgurRuntimeError(
      `movedim: Invalid source or destination dims: source (${fmtShape(src)} dims) should contain the same number of dims as destination (${fmtShape(dst)} dims)`,
    );
  }
  if (new Set(src).size !== src.length) throw new FulgurRuntimeError(`movedim: repeated dim in \`source\` (${fmtShape(src)})`);
  if (new Set(dst).size !== dst.length) throw new FulgurRuntimeError(`movedim: repeated dim in \`destination\` (${fmtShape(dst)})`);
  const perm = new Array<number>(x.rank).fill(-1);
  src.forEach((s, i) => (perm[dst[i]] = s));
  const rest = x.shape.map((_, i) => i).filter((i) => !src.includes(i));
  let k = 0;
  for (let i = 0; i < perm.length; i++) if (perm[i] === -1) perm[i] = rest[k++];
  return permuteWrapped(x, perm);
}

/** The target shape of expand(sizes), with torch's checks (-1 keeps a size; new dims lead). */
function expandedShape(from: readonly number[], sizes: readonly number[]): number[] {
  if (sizes.length < from.length) {
    throw new FulgurRuntimeError(
      `expand(${fmtShape(from)}, size=${fmtShape(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${from.length})`,
    );
  }
  const lead = sizes.length - from.length;
  return sizes.map((s, i) => {
    if (i < lead) {
      if (s < 0) throw new FulgurRuntimeError(`The expanded size of the tensor (${s}) isn't allowed in a leading, non-existing dimension ${i}`);
      return s;
    }
    const d = from[i - lead];
    if (s === -1) return d;
    if (d !== 1 && d !== s) {
      throw new FulgurRuntimeError(
        `The expanded size of the tensor (${s}) must match the existing size (${d}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(sizes)}.  Tensor sizes: ${fmtShape(from)}`,
      );
    }
    return s;
  });
}

/** torch.Tensor.expand(sizes): broadcast to a larger shape (-1 keeps a size). */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  const shape = expandedShape(x.shape, sizes);
  if (sameShape(shape, x.shape)) return reshapeAs(x, shape, "Expand");
  const from = x.shape;
  const value = x.rank === shape.length ? tf.broadcastTo(x.value, shape) : tf.broadcastTo(tf.reshape(x.value, [...new Array(shape.length - x.rank).fill(1), ...from]), shape);
  return recordOp("Expand", [x], value, (g) => [sumToSize(g, from)], false);
}

/** torch.broadcast_to (expand under another name). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return expand(x, shape);
}

/** torch.Tensor.expand_as(other). */
export function expandAs(x: Tensor, other: Tensor): Tensor {
  return expand(x, other.shape);
}

/**
 * torch.Tensor.sum_to_size(size): sums the dims that broadcasting from `shape` would have
 * expanded (leading dims, and dims where `shape` has 1). The adjoint of expand.
 */
export function sumToSize(x: Tensor, shape: readonly number[]): Tensor {
  const xs = x.shape;
  if (sameShape(xs, shape)) return reshapeAs(x, xs, "SumToSize");
  const lead = xs.length - shape.length;
  const bad = lead < 0 || shape.some((d, i) => d !== 1 && d !== xs[i + lead]);
  if (bad) throw new FulgurRuntimeError(`size {${fmtShape(shape)}} is not expandable to size {${fmtShape(xs)}}.`);
  const axes: number[] = [];
  for (let i = 0; i < xs.length; i++) if (i < lead || (shape[i - lead] === 1 && xs[i] !== 1)) axes.push(i);
  const summed = axes.length > 0 ? tf.sum(x.value, axes) : x.value;
  const target = shape.slice();
  return recordOp("SumToSize", [x], tf.reshape(summed, target), (g) => [expand(g, xs)], false);
}

/** torch.Tensor.repeat(repeats): tiles the tensor (more repeats than dims adds leading dims). */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.rank) {
    throw new FulgurRuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  }
  for (const r of repeats) if (!Number.isInteger(r) || r < 0) throw new FulgurRuntimeError(`Trying to create tensor with negative dimension ${r}: ${fmtShape(repeats)}`);
  const padded = [...new Array(repeats.length - x.rank).fill(1), ...x.shape];
  const out = padded.map((d, i) => d * repeats[i]);
  const value = numelOf(out) === 0 ? tf.zeros(out, x.dtype) : tf.tile(tf.reshape(x.value, padded), repeats as number[]);
  const from = x.shape;
  return recordOp("Repeat", [x], value, (g) => {
    // g viewed as [r0, s0, r1, s1, ...]: summing the r axes adds every copy's gradient
    const inter = padded.flatMap((d, i) => [repeats[i], d]);
    const ones = padded.flatMap((d) => [1, d]);
    return [reshape(sumToSize(reshape(g, inter), ones), from)];
  }, false);
}

/** torch.Tensor.contiguous: fulgur's tensors are always contiguous, so it returns the tensor itself. */
export function contiguous(x: Tensor): Tensor {
  return x;
}

/** The [rows, cols] bool mask of the kept triangle (host-built: structure, not data). */
function triangleMask(rows: number, cols: number, diagonal: number, lower: boolean): tf.Tensor {
  const m = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) m[i * cols + j] = (lower ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  }
  return tf.tensor(m, [rows, cols], "bool");
}

function triangle(x: Tensor, diagonal: number, lower: boolean): Tensor {
  const name = lower ? "tril" : "triu";
  if (x.rank < 2) throw new FulgurRuntimeError(`${name}: input tensor must have at least 2 dimensions`);
  const [rows, cols] = x.shape.slice(-2);
  const mask = triangleMask(rows, cols, diagonal, lower);
  const value = tf.where(mask, x.value, tf.zeros([], x.dtype));
  return recordOp(lower ? "Tril" : "Triu", [x], value, (g) => [triangle(g, diagonal, lower)], false);
}

/** torch.tril(diagonal): zeros above the diagonal of the last two dims. */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle(x, diagonal, true);
}

/** torch.triu(diagonal): zeros below the diagonal of the last two dims. */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle(x, diagonal, false);
}

/** torch.flip(dims): reverses the order along each of dims. Its own inverse (so its own backward). */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const axes = dims.map((d) => wrapDim(d, x.rank));
  if (new Set(axes).size !== axes.length) throw new FulgurRuntimeError(`dim ${axes.find((a, i) => axes.indexOf(a) !== i)} appears multiple times in the list of dims`);
  if (axes.length === 0 || x.rank === 0) return reshapeAs(x, x.shape, "Flip");
  return recordOp("Flip", [x], tf.reverse(x.value, axes), (g) => [flip(g, axes)], false);
}
