// Graph recording: an op's output gets a GradNode when grad mode is on and any input requires grad.
import * as tf from "@tensorflow/tfjs-core";
import { isAnomalyEnabled, isGradEnabled } from "./grad_mode.ts";
import { Tensor } from "./tensor.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { asFulgurError } from "../backend/errors.ts";

/**
 * Computes the gradients of an op's inputs from the gradient of its output.
 * needs[i] is false where input i requires no grad (return null there to skip the work).
 * Every returned gradient must already have its input's shape (broadcast dims summed away).
 */
export type BackwardFn = (grad: tf.Tensor, needs: boolean[]) => Array<tf.Tensor | null>;

const FREED_MESSAGE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
  "already been freed). Saved intermediate values of the graph are freed when you call .backward() or " +
  "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or " +
  "if you need to access saved tensors after calling backward.";

export class GradNode {
  private fn: BackwardFn | null;

  constructor(
    /** op name, as torch's grad_fn names it without "Backward0" (for messages and debugging) */
    readonly name: string,
    /** one entry per op input: the input Tensor when it requires grad, else null */
    readonly inputs: ReadonlyArray<Tensor | null>,
    fn: BackwardFn,
    /** false for ops whose backward needs only shapes (add, sub, reshape): those survive release() like torch's */
    readonly savesValues: boolean,
  ) {
    this.fn = fn;
    this.needs = inputs.map((t) => t !== null);
  }

  /** needs[i]: input i requires grad (computed once; handed to every apply()). */
  private readonly needs: boolean[];

  apply(grad: tf.Tensor): Array<tf.Tensor | null> {
    if (this.fn === null) throw new FulgurRuntimeError(FREED_MESSAGE);
    try {
      return this.fn(grad, this.needs);
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

/** Wraps an op's forward result, recording a node when any input requires grad and grad mode is on. */
export function record(name: string, inputs: Tensor[], value: tf.Tensor, fn: BackwardFn, savesValues = true): Tensor {
  if (isAnomalyEnabled()) checkFinite(name, value);
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
  out.gradFn = new GradNode(name, edges, fn, savesValues);
  return out;
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
