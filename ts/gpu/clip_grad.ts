// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ on the GPU without a readback: the
// total norm is reduced on the GPU (norm of the per-gradient norms, as torch), and one
// in-place pass per gradient scales it by min(max_norm / (total + 1e-6), 1) read from a
// one-element GPU tensor. Returns the total norm as a tf.Scalar (read it with await .data()).
import { FulgurRuntimeError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "../autograd/tensor.ts";
import { ownGpuBuffer } from "./optim/fused_gpu.ts";
import { runInPlace, type InPlaceProgram } from "./inplace_program.ts";

const SCALE: InPlaceProgram = {
  key: "clip_scale", buffers: [{ name: "g", write: true }, { name: "c", write: false }], uniforms: [], body: "g[i] = g[i] * c[0];",
};
const CLAMP: InPlaceProgram = {
  key: "clip_clamp", buffers: [{ name: "g", write: true }], uniforms: ["lo", "hi"], body: "g[i] = min(max(g[i], u.lo), u.hi);",
};

function gradsOf(params: Tensor[] | Tensor): Tensor[] {
  return (Array.isArray(params) ? params : [params]).map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/** The p-norm of a flat float32 tensor (p = 2, 1, Infinity or any positive p). */
function pNorm(x: tf.Tensor, p: number): tf.Tensor {
  if (p === Infinity) return tf.max(tf.abs(x));
  if (p === 2) return tf.sqrt(tf.sum(tf.square(x)));
  if (p === 1) return tf.sum(tf.abs(x));
  return tf.pow(tf.sum(tf.pow(tf.abs(x), tf.scalar(p))), tf.scalar(1 / p));
}

export function clipGradNormGpu(params: Tensor[] | Tensor, maxNorm: number, normType = 2, errorIfNonfinite = false): tf.Scalar {
  if (errorIfNonfinite) {
    throw new FulgurRuntimeError("clip_grad_norm_ with error_if_nonfinite=True must read the norm back from the GPU (a sync); use it on accelerator \"wasm\"");
  }
  if (!(normType > 0)) throw new FulgurRuntimeError(`clip_grad_norm_ on the GPU supports norm types > 0 (got ${normType})`);
  const grads = gradsOf(params);
  if (grads.length === 0) return tf.keep(tf.scalar(0));
  for (const g of grads) ownGpuBuffer(g);
  const [total, coef] = tf.tidy(() => {
    const norms = tf.stack(grads.map((g) => pNorm(tf.reshape(g.value, [-1]), normType)));
    const t = pNorm(norms, normType) as tf.Scalar;
    // torch: clip_coef = max_norm / (total + 1e-6), clamped to 1 (float32 tensor ops)
    const c = tf.minimum(tf.mul(tf.reciprocal(tf.add(t, tf.scalar(1e-6))), tf.scalar(maxNorm)), tf.scalar(1));
    return [t, tf.reshape(c, [1])];
  });
  for (const g of grads) runInPlace(SCALE, [g.value, coef], g.size, []);
  coef.dispose();
  return total as tf.Scalar;
}

export function clipGradValueGpu(params: Tensor[] | Tensor, clipValue: number): void {
  for (const g of gradsOf(params)) {
    ownGpuBuffer(g);
    runInPlace(CLAMP, [g.value], g.size, [-clipValue, clipValue]);
  }
}
