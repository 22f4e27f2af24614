// Tensor: one float32 tf.Tensor plus torch's autograd state (requiresGrad, grad, gradFn).
import * as tf from "@tensorflow/tfjs-core";
import type { GradNode } from "./graph.ts";
import { runBackward, type BackwardOptions } from "./backward.ts";
import * as ops from "./ops/index.ts";
import { FulgurRuntimeError } from "../errors.ts";

export type Operand = Tensor | number;

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
  add(o: Operand): Tensor { return ops.add(this, o); }
  sub(o: Operand): Tensor { return ops.sub(this, o); }
  mul(o: Operand): Tensor { return ops.mul(this, o); }
  div(o: Operand): Tensor { return ops.div(this, o); }
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
  clamp(min: number | null, max: number | null = null): Tensor { return ops.clamp(this, min, max); }
  matmul(o: Tensor): Tensor { return ops.matmul(this, o); }
  t(): Tensor { return ops.t(this); }
  transpose(dim0: number, dim1: number): Tensor { return ops.transpose(this, dim0, dim1); }
  reshape(shape: number[]): Tensor { return ops.reshape(this, shape); }
  view(shape: number[]): Tensor { return ops.reshape(this, shape); }
  flatten(): Tensor { return ops.reshape(this, [-1]); }
  sum(dim?: number | number[], keepDim = false): Tensor { return ops.sum(this, dim, keepDim); }
  mean(dim?: number | number[], keepDim = false): Tensor { return ops.mean(this, dim, keepDim); }
  argmax(dim = -1, keepDim = false): Tensor { return ops.argmax(this, dim, keepDim); }
  tanh(): Tensor { return ops.tanh(this); }
  relu(): Tensor { return ops.relu(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  logSoftmax(dim = -1): Tensor { return ops.logSoftmax(this, dim); }
  softmax(dim = -1): Tensor { return ops.softmax(this, dim); }

  // --- creation, shape, indexing, joining, in-place (owner: tensor API A; ops/shape.ts, indexing.ts, join.ts, inplace.ts)
  // --- end A

  // --- reductions, elementwise, comparisons, matmul family (owner: tensor API B; ops/reduce.ts, binary.ts, unary.ts, compare.ts, matmul.ts)
  // --- end B

  // --- random in-place fills (owner: RNG; ts/random/)
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
