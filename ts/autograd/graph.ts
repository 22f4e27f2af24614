// Graph recording: an op's output gets a GradNode when grad mode is on and any input requires grad.
import * as tf from "@tensorflow/tfjs-core";
import { isAnomalyEnabled, isGradEnabled, isInBackward } from "./grad_mode.ts";
import { Tensor } from "./tensor.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { asFulgurError } from "../backend/errors.ts";

/**
 * Legacy form: computes the gradients of an op's inputs from the gradient of its output as
 * constant tf.Tensors (no double backward through such an op). New ops use DiffBackwardFn.
 * needs[i] is false where input i requires no grad (return null there to skip the work).
 * Every returned gradient must already have its input's shape (broadcast dims summed away).
 */
export type BackwardFn = (grad: tf.Tensor, needs: boolean[]) => Array<tf.Tensor | null>;

/**
 * Differentiable form (torch's derivatives.yaml): the backward is written with fulgur's own ops on
 * Tensors, so with createGraph the gradients record a graph of their own (gradients of gradients
 * come free). Without createGraph the engine runs it under noGrad, so it records nothing.
 * Capture the op's inputs/outputs as Tensors (not their .value) for double backward to connect.
 */
export type DiffBackwardFn = (grad: Tensor, needs: boolean[]) => Array<Tensor | null>;

const FREED_MESSAGE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
  "already been freed). Saved intermediate values of the graph are freed when you call .backward() or " +
  "autograd.grad(). Specify retain_graph=True (retainGraph: true) if you need to backward through the graph a second time or " +
  "if you need to access saved tensors after calling backward.";

/** A recorded op in the autograd graph (torch's grad_fn): its inputs and backward function. */
export class GradNode {
  private fn: BackwardFn | DiffBackwardFn | null;

  constructor(
    /** op name, as torch's grad_fn names it without "Backward0" (for messages and debugging) */
    readonly name: string,
    /** one entry per op input: the input Tensor when it requires grad, else null */
    readonly inputs: ReadonlyArray<Tensor | null>,
    fn: BackwardFn | DiffBackwardFn,
    /** false for ops whose backward needs only shapes (add, sub, reshape): those survive release() like torch's */
    readonly savesValues: boolean,
    /** true when fn is a DiffBackwardFn (built from fulgur ops: supports createGraph) */
    readonly differentiable = false,
  ) {
    this.fn = fn;
    this.needs = inputs.map((t) => t !== null);
  }

  /** needs[i]: input i requires grad (computed once; handed to every apply()). */
  readonly needs: boolean[];

  /** Legacy entry: tf.Tensor in, tf.Tensors out (whatever the node's form). */
  apply(grad: tf.Tensor): Array<tf.Tensor | null> {
    if (!this.differentiable) return this.call(grad) as Array<tf.Tensor | null>;
    const out = this.call(new Tensor(grad)) as Array<Tensor | null>;
    return out.map((t) => (t === null || t === undefined ? null : t.value));
  }

  /** Differentiable entry: Tensor in, Tensors out (a legacy node's results wrapped as constants). */
  applyTensor(grad: Tensor): Array<Tensor | null> {
    if (this.differentiable) return this.call(grad) as Array<Tensor | null>;
    const out = this.call(grad.value) as Array<tf.Tensor | null>;
    return out.map((t) => (t === null || t === undefined ? null : new Tensor(t)));
  }

  private call(grad: tf.Tensor | Tensor): Array<tf.Tensor | Tensor | null> {
    if (this.fn === null) throw new FulgurRuntimeError(FREED_MESSAGE);
    try {
      return (this.fn as (g: unknown, n: boolean[]) => Array<tf.Tensor | Tensor | null>)(grad, this.needs);
    } catch (e) {
      throw asFulgurError(e, `${this.name}Backward0`);
    }
  }

  /** Drops the saved forward values (after a backward without retainGraph). */
  release(): void {
    if (this.savesValues) this.fn = null;
  }

  get released(): boolean {
    return this.fn === null;
  }
}

function makeOutput(name: string, inputs: Tensor[], value: tf.Tensor, fn: BackwardFn | DiffBackwardFn, savesValues: boolean, differentiable: boolean): Tensor {
  if (isAnomalyEnabled() && !isInBackward()) checkFinite(name, value);
  const out = new Tensor(value);
  if (!isGradEnabled()) return out;
  let any = false;
  const edges = inputs.map((t) => {
    if (!t.requiresGrad) return null;
    any = true;
    return t;
  });
  if (!any) return out;
  out.requiresGrad = true;
  out.gradFn = new GradNode(name, edges, fn, savesValues, differentiable);
  return out;
}

/** Wraps an op's forward result, recording a legacy node (constant gradients). Prefer recordOp. */
export function record(name: string, inputs: Tensor[], value: tf.Tensor, fn: BackwardFn, savesValues = true): Tensor {
  return makeOutput(name, inputs, value, fn, savesValues, false);
}

/**
 * Wraps an op's forward result, recording a node whose backward is written in fulgur ops
 * (DiffBackwardFn). The way every new op records itself: double backward works through it.
 */
export function recordOp(name: string, inputs: Tensor[], value: tf.Tensor, fn: DiffBackwardFn, savesValues = true): Tensor {
  return makeOutput(name, inputs, value, fn, savesValues, true);
}

/** Raised in anomaly mode when an op's forward output holds NaN or Inf (torch raises a RuntimeError). */
export class AnomalyError extends FulgurRuntimeError {
  override name = "AnomalyError";
  constructor(readonly op: string, message: string) {
    super(message);
  }
}

function checkFinite(name: string, value: tf.Tensor): void {
  if (value.dtype !== "float32") return;
  const data = value.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const what = Number.isNaN(data[i]) ? "nan" : "inf";
      throw new AnomalyError(name, `Function '${name}' returned ${what} values in its forward output (shape [${value.shape}], element ${i}).`);
    }
  }
}
