// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ on the GPU without a readback. The
// gradients are copied end to end into one flat buffer (copy commands), the total norm and
// clip coefficient come from one two-stage reduction (grad_norm.ts), one pass scales the flat
// buffer by the coefficient read on the GPU, and the gradients are copied back. The total is
// reduced over all elements at once (torch: the norm of per-gradient norms; same value up to
// float32 rounding). Returns the total norm as a tf.Scalar (read it with await .data()).
import { FulgurRuntimeError } from "../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "../autograd/tensor.ts";
import { webgpuBackend, type WebGPUBackendInternals } from "./backend_access.ts";
import { copyFloats, gatherFlat, scatterFlat, uninitializedGpuTensor } from "./buffer_copy.ts";
import { gradNormAndCoef } from "./grad_norm.ts";
import { ownGpuBuffer } from "./optim/fused_gpu.ts";
import { runInPlace, type InPlaceProgram } from "./inplace_program.ts";
import { IS_NAN, MAX_NAN, MIN_NAN } from "./optim/wgsl_helpers.ts";

const SCALE: InPlaceProgram = {
  key: "clip_scale", buffers: [{ name: "g", write: true }, { name: "c", write: false }], uniforms: [], body: "g[i] = g[i] * c[1];",
};
const CLAMP: InPlaceProgram = {
  key: "clip_clamp", buffers: [{ name: "g", write: true }], uniforms: ["lo", "hi"],
  body: "g[i] = minNan(maxNan(g[i], u.lo), u.hi);", functions: [IS_NAN, MAX_NAN, MIN_NAN], // NaN stays NaN, as torch.clamp_
};

function gradsOf(params: Tensor[] | Tensor): Tensor[] {
  return (Array.isArray(params) ? params : [params]).map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/**
 * Runs `pass` over all gradients as one flat tensor: a single gradient directly (made private
 * first), several through a gathered copy that is scattered back afterwards.
 */
function overFlatGrads(b: WebGPUBackendInternals, grads: Tensor[], pass: (flat: tf.Tensor) => void): void {
  for (const g of grads) ownGpuBuffer(g);
  if (grads.length === 1) {
    pass(grads[0].value);
    return;
  }
  const parts = grads.map((g) => g.value);
  const flat = gatherFlat(b, parts);
  pass(flat);
  scatterFlat(b, flat, parts);
  flat.dispose();
}

export function clipGradNormGpu(params: Tensor[] | Tensor, maxNorm: number, normType = 2, errorIfNonfinite = false): tf.Scalar {
  if (errorIfNonfinite) {
    throw new FulgurRuntimeError("clip_grad_norm_ with error_if_nonfinite=True must read the norm back from the GPU (a sync); use it on accelerator \"wasm\"");
  }
  if (!(normType > 0)) throw new FulgurRuntimeError(`clip_grad_norm_ on the GPU supports norm types > 0 (got ${normType})`);
  const grads = gradsOf(params);
  if (grads.length === 0) return tf.keep(tf.scalar(0));
  const b = webgpuBackend();
  const total = tf.keep(uninitializedGpuTensor(b, [])) as tf.Scalar;
  overFlatGrads(b, grads, (flat) => {
    const normAndCoef = gradNormAndCoef(flat, normType, maxNorm);
    runInPlace(SCALE, [flat, normAndCoef], flat.size, []);
    copyFloats(b, normAndCoef, 0, total, 0, 1);
    normAndCoef.dispose();
  });
  return total;
}

export function clipGradValueGpu(params: Tensor[] | Tensor, clipValue: number): void {
  const grads = gradsOf(params);
  if (grads.length === 0) return;
  const b = webgpuBackend();
  overFlatGrads(b, grads, (flat) => runInPlace(CLAMP, [flat], flat.size, [-clipValue, clipValue]));
}
