// The in-place random fills behind Tensor.uniform_ / normal_ / bernoulli_ / random_ /
// exponential_: torch's rule for in-place ops (assertInplaceAllowed), then the new data.
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "../autograd/tensor.ts";
import { assertInplaceAllowed } from "../autograd/inplace_check.ts";
import { setValue } from "../autograd/memory.ts";
import { FulgurRuntimeError } from "../errors.ts";
import type { Generator } from "./generator.ts";
import {
  sampleUniform, sampleNormal, sampleRandint, sampleRandomDefault, sampleBernoulliScalar, sampleBernoulliTensor, sampleExponential,
} from "./sample.ts";

const torchDtype = (d: string) => (d === "int32" ? "Long" : d === "bool" ? "Bool" : "Float");

function floatOnly(t: Tensor, kernel: string): void {
  if (t.dtype !== "float32") throw new FulgurRuntimeError(`"${kernel}" not implemented for '${torchDtype(t.dtype)}'`);
}

export function uniformInplace(t: Tensor, from: number, to: number, g?: Generator | null): void {
  assertInplaceAllowed(t, "uniform_");
  floatOnly(t, "uniform_kernel_cpu");
  setValue(t, tf.tensor(sampleUniform(t.size, from, to, g), t.shape, "float32"));
}

export function normalInplace(t: Tensor, mean: number, std: number, g?: Generator | null): void {
  assertInplaceAllowed(t, "normal_");
  floatOnly(t, "normal_kernel_cpu");
  setValue(t, tf.tensor(sampleNormal(t.size, mean, std, g), t.shape, "float32"));
}

export function exponentialInplace(t: Tensor, lambd: number, g?: Generator | null): void {
  assertInplaceAllowed(t, "exponential_");
  floatOnly(t, "exponential_cpu");
  setValue(t, tf.tensor(sampleExponential(t.size, lambd, g), t.shape, "float32"));
}

/** bernoulli_(p): a scalar p draws one random64 per element, a float32 tensor p one 32-bit draw. */
export function bernoulliInplace(t: Tensor, p: number | Tensor, g?: Generator | null): void {
  assertInplaceAllowed(t, "bernoulli_");
  let data: Float32Array;
  if (typeof p === "number") data = sampleBernoulliScalar(t.size, p, g);
  else {
    if (p.dtype !== "float32") throw new FulgurRuntimeError(`"bernoulli_tensor_cpu_p_" not implemented for '${torchDtype(p.dtype)}'`);
    let probs: Float32Array;
    try {
      probs = tf.tidy(() => tf.broadcastTo(p.value, t.shape).dataSync() as Float32Array);
    } catch {
      throw new FulgurRuntimeError(`bernoulli_: the size of p [${p.shape.join(", ")}] must be expandable to the size of self [${t.shape.join(", ")}]`);
    }
    data = sampleBernoulliTensor(probs, g);
  }
  const typed = t.dtype === "float32" ? data : t.dtype === "bool" ? Uint8Array.from(data) : Int32Array.from(data);
  setValue(t, tf.tensor(typed, t.shape, t.dtype));
}

/**
 * random_(): integers in [0, 2^63) for int64 (stored as int32: the low 32 bits) and [0, 2^24]
 * for float32; random_(to): [0, to); random_(from, to): [from, to).
 */
export function randomInplace(t: Tensor, from?: number | null, to?: number | null, g?: Generator | null): void {
  assertInplaceAllowed(t, "random_");
  if (t.dtype === "bool") throw new FulgurRuntimeError(`random_: bool tensors are not supported`);
  const asFloat = t.dtype === "float32";
  let data: Float32Array | Int32Array;
  if (from === undefined || from === null) {
    if (to !== undefined && to !== null) data = sampleRandint(t.size, 0, to, g, asFloat);
    else data = sampleRandomDefault(t.size, g, asFloat);
  } else if (to === undefined || to === null) {
    // random_(to) when called with one argument, as torch's Python binding reads it
    data = sampleRandint(t.size, 0, from, g, asFloat);
  } else {
    data = sampleRandint(t.size, from, to, g, asFloat);
  }
  setValue(t, tf.tensor(data, t.shape, t.dtype));
}
