// Tensor: one float32 tf.Tensor plus torch's autograd state (requiresGrad, grad, gradFn).
import * as tf from "@tensorflow/tfjs-core";
import type { GradNode } from "./graph.ts";
import { runBackward, type BackwardOptions } from "./backward.ts";
import * as ops from "./ops/index.ts";
import { FulgurRuntimeError } from "../errors.ts";
import * as rngInplace from "../random/inplace.ts";
import { multinomial as rngMultinomial } from "../random/multinomial.ts";
import type { Generator } from "../random/generator.ts";
import { wrapDim as wrapDimA } from "./ops/broadcast.ts";

/** A tensor or a number, as torch's binary ops take them. */
export type Operand = Tensor | number;
/** Sizes as torch takes them: f(2, 3) or f([2, 3]). */
type Sizes = number[] | [number[]];
type NestedList = number | boolean | NestedList[];
type DType = "float32" | "int32" | "int64" | "bool";
type NewOptions = { dtype?: DType; requiresGrad?: boolean };

/** torch.Tensor: data on the active backend plus autograd state (requiresGrad, grad, gradFn); ops as methods. */
export class Tensor {
  /** Current data; replaced (never mutated) by setValue, so the Tensor object keeps its identity. */
  value: tf.Tensor;
  requiresGrad: boolean;
  /** Leaves only: accumulated by backward (+=) until zeroed, like torch. */
  grad: Tensor | null = null;
  /** The node that produced this tensor; null for leaves. */
  gradFn: GradNode | null = null;

  constructor(value: tf.Tensor, requiresGrad = false) {
    this.value = value;
    this.requiresGrad = requiresGrad;
  }

  get shape(): number[] {
    return this.value.shape;
  }
  get size(): number {
    return this.value.size;
  }
  get rank(): number {
    return this.value.rank;
  }
  /** "float32", "int32" (torch's int64 is stored as int32) or "bool". */
  get dtype(): tf.DataType {
    return this.value.dtype;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  dataSync(): Float32Array {
    return Float32Array.from(this.value.dataSync() as ArrayLike<number>);
  }
  /** The value of a one-element tensor (torch's item()). */
  item(): number {
    if (this.size !== 1) {
      throw new FulgurRuntimeError(`a Tensor with ${this.size} elements cannot be converted to Scalar`);
    }
    return this.value.dataSync()[0];
  }
  /** Same value, no graph, requiresGrad = false (torch's detach()). */
  detach(): Tensor {
    return new Tensor(this.value, false);
  }
  /** torch's backward(gradient, retain_graph, create_graph). */
  backward(grad?: Tensor, opts: BackwardOptions = {}): void {
    runBackward(this, grad, opts);
  }
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag) {
      throw new FulgurRuntimeError(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable " +
          "in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    this.requiresGrad = flag;
    return this;
  }
  /** Frees the tf memory now (needed for tensors kept with keep()). */
  dispose(): void {
    this.value.dispose();
  }
  toString(): string {
    return `Tensor(shape=[${this.shape}], requiresGrad=${this.requiresGrad}${this.gradFn ? `, gradFn=${this.gradFn.name}` : ""})`;
  }

  // Convenience methods: thin forwards to the ops in ./ops (each op lives in its family file).
  add(o: Operand, alpha = 1): Tensor { return ops.add(this, o, alpha); }
  sub(o: Operand, alpha = 1): Tensor { return ops.sub(this, o, alpha); }
  mul(o: Operand): Tensor { return ops.mul(this, o); }
  div(o: Operand, roundingMode: ops.RoundingMode = null): Tensor { return ops.div(this, o, roundingMode); }
  pow(e: Operand): Tensor { return ops.pow(this, e); }
  maximum(o: Operand): Tensor { return ops.maximum(this, o); }
  minimum(o: Operand): Tensor { return ops.minimum(this, o); }
  neg(): Tensor { return ops.neg(this); }
  clone(): Tensor { return ops.clone(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  log1p(): Tensor { return ops.log1p(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  square(): Tensor { return ops.square(this); }
  abs(): Tensor { return ops.abs(this); }
  sign(): Tensor { return ops.sign(this); }
  clamp(min: Operand | null = null, max: Operand | null = null): Tensor { return ops.clamp(this, min, max); }
  matmul(o: Tensor): Tensor { return ops.matmul(this, o); }
  t(): Tensor { return ops.t(this); }
  transpose(dim0: number, dim1: number): Tensor { return ops.transpose(this, dim0, dim1); }
  sum(dim?: ops.Dims, keepDim = false): Tensor { return ops.sum(this, dim, keepDim); }
  mean(dim?: ops.Dims, keepDim = false): Tensor { return ops.mean(this, dim, keepDim); }
  argmax(dim: number | null = null, keepDim = false): Tensor { return ops.argmax(this, dim, keepDim); }
  tanh(): Tensor { return ops.tanh(this); }
  relu(): Tensor { return ops.relu(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  logSoftmax(dim = -1): Tensor { return ops.logSoftmax(this, dim); }
  softmax(dim = -1): Tensor { return ops.softmax(this, dim); }

  // --- creation, shape, indexing, joining, in-place (owner: tensor API A; ops/shape.ts, indexing.ts, join.ts, inplace.ts)
  // sizes: torch's two forms, x.view(2, 3) and x.view([2, 3])
  reshape(...shape: Sizes): Tensor { return ops.reshape(this, ops.sizesArg(shape)); }
  /** torch's view; fulgur's tensors are always contiguous, so it never refuses a layout (results do not alias). */
  view(...shape: Sizes): Tensor { return ops.view(this, ops.sizesArg(shape)); }
  flatten(startDim = 0, endDim = -1): Tensor { return ops.flatten(this, startDim, endDim); }
  unflatten(dim: number, sizes: number[]): Tensor { return ops.unflatten(this, dim, sizes); }
  squeeze(dim?: number | number[]): Tensor { return ops.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return ops.unsqueeze(this, dim); }
  permute(...dims: Sizes): Tensor { return ops.permute(this, ops.sizesArg(dims)); }
  movedim(source: number | number[], destination: number | number[]): Tensor { return ops.movedim(this, source, destination); }
  expand(...sizes: Sizes): Tensor { return ops.expand(this, ops.sizesArg(sizes)); }
  expandAs(other: Tensor): Tensor { return ops.expandAs(this, other); }
  broadcastTo(shape: number[]): Tensor { return ops.broadcastTo(this, shape); }
  sumToSize(...shape: Sizes): Tensor { return ops.sumToSize(this, ops.sizesArg(shape)); }
  repeat(...repeats: Sizes): Tensor { return ops.repeat(this, ops.sizesArg(repeats)); }
  /** Returns this tensor: fulgur's tensors are always contiguous. */
  contiguous(): Tensor { return ops.contiguous(this); }
  tril(diagonal = 0): Tensor { return ops.tril(this, diagonal); }
  triu(diagonal = 0): Tensor { return ops.triu(this, diagonal); }
  select(dim: number, index: number): Tensor { return ops.select(this, dim, index); }
  narrow(dim: number, start: number, length: number): Tensor { return ops.narrow(this, dim, start, length); }
  /** this[..., start:end:step, ...] along dim (Python's slicing: negative bounds, clamping; null = open). */
  slice(dim = 0, start: number | null = null, end: number | null = null, step = 1): Tensor { return ops.slice(this, dim, start, end, step); }
  indexSelect(dim: number, index: Tensor): Tensor { return ops.indexSelect(this, dim, index); }
  indexAdd(dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor { return ops.indexAdd(this, dim, index, source, alpha); }
  gather(dim: number, index: Tensor): Tensor { return ops.gather(this, dim, index); }
  scatter(dim: number, index: Tensor, src: Tensor | number): Tensor { return ops.scatter(this, dim, index, src); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return ops.scatterAdd(this, dim, index, src); }
  maskedFill(mask: Tensor, value: number | Tensor): Tensor { return ops.maskedFill(this, mask, value); }
  /** torch's Tensor.where(condition, other): this where condition holds, else other. */
  where(condition: Tensor, other: Tensor | number): Tensor { return ops.where(condition, this, other); }
  maskedSelect(mask: Tensor): Tensor { return ops.maskedSelect(this, mask); }
  take(index: Tensor): Tensor { return ops.take(this, index); }
  /** this[i0, i1, ...] with int index tensors (torch's advanced indexing). */
  index(indices: Tensor[]): Tensor { return ops.index(this, indices); }
  indexPut(indices: Tensor[], values: Tensor | number, accumulate = false): Tensor { return ops.indexPut(this, indices, values, accumulate); }
  indexPut_(indices: Tensor[], values: Tensor | number, accumulate = false): this { ops.indexPut_(this, indices, values, accumulate); return this; }
  flip(...dims: Sizes): Tensor { return ops.flip(this, ops.sizesArg(dims)); }
  roll(shifts: number | number[], dims?: number | number[]): Tensor { return ops.roll(this, shifts, dims); }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor { return ops.diagonal(this, offset, dim1, dim2); }
  /** int64 [n, dim] coordinates of the non-zero elements (reads the data on the host). */
  nonzero(): Tensor { return ops.nonzero(this); }
  diag(diagonal = 0): Tensor { return ops.diag(this, diagonal); }
  moveaxis(source: number | number[], destination: number | number[]): Tensor { return ops.movedim(this, source, destination); }
  swapaxes(dim0: number, dim1: number): Tensor { return ops.transpose(this, dim0, dim1); }
  swapdims(dim0: number, dim1: number): Tensor { return ops.transpose(this, dim0, dim1); }
  ravel(): Tensor { return ops.flatten(this); }
  repeatInterleave(repeats: number | Tensor, dim?: number): Tensor { return ops.repeatInterleave(this, repeats, dim); }
  /** torch's new_zeros / new_ones / new_full / new_empty: this tensor's dtype unless opts.dtype. */
  newZeros(shape: number[], opts: NewOptions = {}): Tensor { return ops.newFull(this, shape, 0, opts); }
  newOnes(shape: number[], opts: NewOptions = {}): Tensor { return ops.newFull(this, shape, 1, opts); }
  newFull(shape: number[], fillValue: number | boolean, opts: NewOptions = {}): Tensor { return ops.newFull(this, shape, fillValue, opts); }
  newEmpty(shape: number[], opts: NewOptions = {}): Tensor { return ops.newFull(this, shape, 0, opts); }
  split(splitSizeOrSections: number | number[], dim = 0): Tensor[] { return ops.split(this, splitSizeOrSections, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return ops.chunk(this, chunks, dim); }
  unbind(dim = 0): Tensor[] { return ops.unbind(this, dim); }
  add_(other: Tensor | number, alpha = 1): this { ops.add_(this, other, alpha); return this; }
  sub_(other: Tensor | number, alpha = 1): this { ops.sub_(this, other, alpha); return this; }
  mul_(other: Tensor | number): this { ops.mul_(this, other); return this; }
  div_(other: Tensor | number): this { ops.div_(this, other); return this; }
  fill_(value: number | boolean | Tensor): this { ops.fill_(this, value); return this; }
  zero_(): this { ops.zero_(this); return this; }
  copy_(src: Tensor): this { ops.copy_(this, src); return this; }
  maskedFill_(mask: Tensor, value: number | boolean | Tensor): this { ops.maskedFill_(this, mask, value); return this; }
  clamp_(min: number | null = null, max: number | null = null): this { ops.clamp_(this, min, max); return this; }
  /** torch's .to(dtype) (or another tensor's dtype): this tensor when the dtype already matches. */
  to(dtype: DType | Tensor): Tensor { return ops.toDtype(this, dtype instanceof Tensor ? dtype.dtype : dtype); }
  float(): Tensor { return ops.toDtype(this, "float32"); }
  int(): Tensor { return ops.toDtype(this, "int32"); }
  long(): Tensor { return ops.toDtype(this, "int64"); }
  bool(): Tensor { return ops.toDtype(this, "bool"); }
  /** torch's tolist(): nested arrays (a number for a 0-d tensor). Reads the data on the host. */
  tolist(): NestedList { return ops.tolist(this); }
  numel(): number { return this.size; }
  dim(): number { return this.rank; }
  /**
   * torch's size(dim?): the shape, or one dim's size. Named sizeOf because `size` is fulgur's
   * element count (a property, like tf.Tensor's).
   */
  sizeOf(dim?: number): number | number[] { return dim === undefined ? this.shape.slice() : this.shape[wrapDimA(dim, this.rank)]; }
  // --- end A

  // --- reductions, elementwise, comparisons, matmul family (owner: tensor API B; ops/reduce.ts, binary.ts, unary.ts, compare.ts, matmul.ts)
  prod(dim: number | null = null, keepDim = false): Tensor { return ops.prod(this, dim, keepDim); }
  /** torch's max(): the value; max(dim, keepDim): [values, indices] (also .values / .indices); max(other): maximum. */
  max(): Tensor;
  max(dim: number, keepDim?: boolean): ops.ValuesIndices;
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor, keepDim = false): Tensor | ops.ValuesIndices {
    if (dim instanceof Tensor) return ops.maximum(this, dim);
    return dim === undefined ? ops.max(this) : ops.max(this, dim, keepDim);
  }
  min(): Tensor;
  min(dim: number, keepDim?: boolean): ops.ValuesIndices;
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor, keepDim = false): Tensor | ops.ValuesIndices {
    if (dim instanceof Tensor) return ops.minimum(this, dim);
    return dim === undefined ? ops.min(this) : ops.min(this, dim, keepDim);
  }
  amax(dim?: ops.Dims, keepDim = false): Tensor { return ops.amax(this, dim, keepDim); }
  amin(dim?: ops.Dims, keepDim = false): Tensor { return ops.amin(this, dim, keepDim); }
  argmin(dim: number | null = null, keepDim = false): Tensor { return ops.argmin(this, dim, keepDim); }
  logsumexp(dim?: ops.Dims, keepDim = false): Tensor { return ops.logsumexp(this, dim, keepDim); }
  /** torch's var(dim, { correction | unbiased, keepDim }) or var(dim, unbiased, keepDim). */
  var(dim?: ops.Dims, opts?: ops.VarOptions | boolean, keepDim?: boolean): Tensor { return ops.variance(this, dim, opts, keepDim); }
  std(dim?: ops.Dims, opts?: ops.VarOptions | boolean, keepDim?: boolean): Tensor { return ops.std(this, dim, opts, keepDim); }
  cumsum(dim: number): Tensor { return ops.cumsum(this, dim); }
  cumprod(dim: number): Tensor { return ops.cumprod(this, dim); }
  norm(p: number | "fro" = 2, dim?: ops.Dims, keepDim = false): Tensor { return ops.norm(this, p, dim, keepDim); }
  all(dim?: ops.Dims, keepDim = false): Tensor { return ops.all(this, dim, keepDim); }
  any(dim?: ops.Dims, keepDim = false): Tensor { return ops.any(this, dim, keepDim); }
  countNonzero(dim?: ops.Dims): Tensor { return ops.countNonzero(this, dim); }
  sort(dim = -1, descending = false, stable = false): ops.ValuesIndices { return ops.sort(this, dim, descending, stable); }
  argsort(dim = -1, descending = false): Tensor { return ops.argsort(this, dim, descending); }
  topk(k: number, dim = -1, largest = true, sorted = true): ops.ValuesIndices { return ops.topk(this, k, dim, largest, sorted); }
  eq(o: Operand): Tensor { return ops.eq(this, o); }
  ne(o: Operand): Tensor { return ops.ne(this, o); }
  lt(o: Operand): Tensor { return ops.lt(this, o); }
  le(o: Operand): Tensor { return ops.le(this, o); }
  gt(o: Operand): Tensor { return ops.gt(this, o); }
  ge(o: Operand): Tensor { return ops.ge(this, o); }
  /** torch's equal: same shape and values (a boolean). */
  equal(o: Tensor): boolean { return ops.equal(this, o); }
  isclose(o: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): Tensor { return ops.isclose(this, o, rtol, atol, equalNan); }
  allclose(o: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean { return ops.allclose(this, o, rtol, atol, equalNan); }
  logicalAnd(o: Operand): Tensor { return ops.logicalAnd(this, o); }
  logicalOr(o: Operand): Tensor { return ops.logicalOr(this, o); }
  logicalXor(o: Operand): Tensor { return ops.logicalXor(this, o); }
  logicalNot(): Tensor { return ops.logicalNot(this); }
  isnan(): Tensor { return ops.isnan(this); }
  isinf(): Tensor { return ops.isinf(this); }
  isfinite(): Tensor { return ops.isfinite(this); }
  floorDivide(o: Operand): Tensor { return ops.floorDivide(this, o); }
  remainder(o: Operand): Tensor { return ops.remainder(this, o); }
  fmod(o: Operand): Tensor { return ops.fmod(this, o); }
  atan2(o: Operand): Tensor { return ops.atan2(this, o); }
  hypot(o: Operand): Tensor { return ops.hypot(this, o); }
  lerp(end: Tensor, weight: Operand): Tensor { return ops.lerp(this, end, weight); }
  addcmul(t1: Operand, t2: Operand, value = 1): Tensor { return ops.addcmul(this, t1, t2, value); }
  addcdiv(t1: Operand, t2: Operand, value = 1): Tensor { return ops.addcdiv(this, t1, t2, value); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tan(): Tensor { return ops.tan(this); }
  asin(): Tensor { return ops.asin(this); }
  acos(): Tensor { return ops.acos(this); }
  atan(): Tensor { return ops.atan(this); }
  sinh(): Tensor { return ops.sinh(this); }
  cosh(): Tensor { return ops.cosh(this); }
  erf(): Tensor { return ops.erf(this); }
  erfc(): Tensor { return ops.erfc(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  floor(): Tensor { return ops.floor(this); }
  ceil(): Tensor { return ops.ceil(this); }
  round(): Tensor { return ops.round(this); }
  trunc(): Tensor { return ops.trunc(this); }
  frac(): Tensor { return ops.frac(this); }
  clip(min: Operand | null = null, max: Operand | null = null): Tensor { return ops.clip(this, min, max); }
  exp2(): Tensor { return ops.exp2(this); }
  expm1(): Tensor { return ops.expm1(this); }
  log2(): Tensor { return ops.log2(this); }
  log10(): Tensor { return ops.log10(this); }
  nanToNum(nan = 0, posinf: number | null = null, neginf: number | null = null): Tensor { return ops.nanToNum(this, nan, posinf, neginf); }
  mm(o: Tensor): Tensor { return ops.mm(this, o); }
  bmm(o: Tensor): Tensor { return ops.bmm(this, o); }
  mv(v: Tensor): Tensor { return ops.mv(this, v); }
  dot(o: Tensor): Tensor { return ops.dot(this, o); }
  outer(o: Tensor): Tensor { return ops.outer(this, o); }
  // --- end B

  // --- random in-place fills (owner: RNG; ts/random/)
  /** torch's uniform_(from, to, generator): U[from, to) in place (torch's exact numbers for a seed). */
  uniform_(from = 0, to = 1, generator?: Generator | null): this { rngInplace.uniformInplace(this, from, to, generator); return this; }
  /** torch's normal_(mean, std, generator): N(mean, std²) in place. */
  normal_(mean = 0, std = 1, generator?: Generator | null): this { rngInplace.normalInplace(this, mean, std, generator); return this; }
  /** torch's bernoulli_(p, generator): p a number or a float32 tensor broadcastable to this one. */
  bernoulli_(p: number | Tensor = 0.5, generator?: Generator | null): this { rngInplace.bernoulliInplace(this, p, generator); return this; }
  /** torch's random_(), random_(to), random_(from, to). */
  random_(from?: number | null, to?: number | null, generator?: Generator | null): this { rngInplace.randomInplace(this, from, to, generator); return this; }
  /** torch's exponential_(lambd, generator). */
  exponential_(lambd = 1, generator?: Generator | null): this { rngInplace.exponentialInplace(this, lambd, generator); return this; }
  /** torch's multinomial(num_samples, replacement, generator): int64 (stored int32) indices. */
  multinomial(numSamples: number, opts: { replacement?: boolean; generator?: Generator | null } = {}): Tensor { return rngMultinomial(this, numSamples, opts); }
  // --- end RNG
}

/** A leaf that requires grad and whose value is kept (tf.keep) for its whole lifetime. */
export class Parameter extends Tensor {
  constructor(value: tf.Tensor | Tensor, requiresGrad = true) {
    const v = value instanceof Tensor ? value.value : value;
    super(tf.keep(v.dtype === "float32" ? v : tf.cast(v, "float32")), requiresGrad);
  }
  override toString(): string {
    return `Parameter(shape=[${this.shape}], requiresGrad=${this.requiresGrad})`;
  }
}
