// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (1.13), reductions and scaling in WASM;
// on webgpu the GPU versions (ts/gpu/clip_grad.ts) run instead, without a readback.
import * as tf from "@tensorflow/tfjs-core";
import { fromTf } from "../autograd/factory.ts";
import { clipGradNormGpu, clipGradValueGpu } from "../gpu/clip_grad.ts";
import { canReadSync } from "../gpu/sync_read_guard.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { pow } from "../backend/scalar_math.ts";
import { heapF32 } from "../backend/wasm_module.ts";
import type { Tensor } from "../autograd/tensor.ts";
import { NORM_MODE, optimKernel } from "./kernels.ts";
import { withTensorPointers } from "./tensor_io.ts";
import { pyFloat } from "../validation/options.ts";

type Grads = Tensor[];

function gradsOf(params: Tensor[] | Tensor): Grads {
  const list = Array.isArray(params) ? params : [params];
  return list.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/** The float32 p-norm of `n` floats at `ptr`, as torch.norm(t, p) (float64 accumulation). */
function normAt(ptr: number, n: number, p: number): number {
  const reduce = optimKernel("clip_norm_reduce");
  if (p === Infinity) return Math.fround(reduce(ptr, n, 0, NORM_MODE.absMax));
  if (p === -Infinity) return Math.fround(reduce(ptr, n, 0, NORM_MODE.absMin));
  if (p === 0) return Math.fround(reduce(ptr, n, 0, NORM_MODE.nonzeroCount));
  if (p === 1) return Math.fround(reduce(ptr, n, 1, NORM_MODE.powSum));
  if (p === 2) return Math.fround(Math.sqrt(reduce(ptr, n, 2, NORM_MODE.squareSum)));
  return Math.fround(pow(reduce(ptr, n, p, NORM_MODE.powSum), 1 / p));
}

/**
 * Scales gradients in place so that their total `normType`-norm is at most `maxNorm`;
 * returns the total norm (of the stack of per-parameter norms) before clipping.
 */
export function clipGradNorm(params: Tensor[] | Tensor, maxNorm: number, normType: number | string = 2, errorIfNonfinite = false): number {
  // torch does float(max_norm), float(norm_type): "inf" is accepted, "fro" is a ValueError
  maxNorm = pyFloat(maxNorm, "clip_grad_norm_ max_norm");
  normType = pyFloat(normType, "clip_grad_norm_ norm_type");
  if (isWebGPUActive()) {
    if (!canReadSync()) {
      throw new FulgurRuntimeError(
        "clipGradNorm returns the total norm as a number, which on the WebGPU backend needs a synchronous read this runtime " +
          "cannot do: use clipGradNormTensor (same clipping, the norm as a 0-dim tensor to `await norm.data()`)",
      );
    }
    const total = clipGradNormGpu(params, maxNorm, normType, errorIfNonfinite);
    const v = (total.dataSync() as Float32Array)[0];
    total.dispose();
    return v;
  }
  return clipGradNormWasm(params, maxNorm, normType, errorIfNonfinite);
}

/**
 * clipGradNorm returning the total norm as a 0-dim float32 Tensor (as torch does). On webgpu
 * nothing is read back to the host, so a training step stays free of GPU syncs.
 */
export function clipGradNormTensor(params: Tensor[] | Tensor, maxNorm: number, normType: number | string = 2, errorIfNonfinite = false): Tensor {
  maxNorm = pyFloat(maxNorm, "clip_grad_norm_ max_norm");
  normType = pyFloat(normType, "clip_grad_norm_ norm_type");
  if (isWebGPUActive()) return fromTf(clipGradNormGpu(params, maxNorm, normType, errorIfNonfinite));
  return fromTf(tf.scalar(clipGradNormWasm(params, maxNorm, normType, errorIfNonfinite), "float32"));
}

function clipGradNormWasm(params: Tensor[] | Tensor, maxNorm: number, normType: number, errorIfNonfinite: boolean): number {
  const grads = gradsOf(params);
  if (grads.length === 0) return 0;
  let total = 0;
  const written = new Set<Tensor>(grads);
  withTensorPointers(grads, written, grads.length * 4, (ptrs, scratch) => {
    const norms = grads.map((g, i) => normAt(ptrs[i], g.size, normType));
    if (normType === Infinity && norms.length === 1) {
      total = norms[0];
    } else {
      heapF32().set(norms, scratch >>> 2);
      total = normAt(scratch, norms.length, normType);
    }
    if (errorIfNonfinite && !Number.isFinite(total)) {
      throw new FulgurRuntimeError(
        `The total norm of order ${normType === Infinity ? "inf" : normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
          "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
      );
    }
    // clip_coef = max_norm / (total_norm + 1e-6): float32 tensor ops; float / tensor = reciprocal * float
    const denom = Math.fround(total + Math.fround(1e-6));
    let coef = Math.fround(Math.fround(1 / denom) * Math.fround(maxNorm));
    if (coef > 1) coef = 1; // torch.clamp(max=1.0)
    const scaleKernel = optimKernel("clip_scale");
    grads.forEach((g, i) => scaleKernel(ptrs[i], g.size, coef));
  });
  return total;
}

/** Clamps every gradient element into [-clipValue, clipValue] in place. */
export function clipGradValue(params: Tensor[] | Tensor, clipValue: number): void {
  if (isWebGPUActive()) {
    clipGradValueGpu(params, clipValue);
    return;
  }
  const grads = gradsOf(params);
  if (grads.length === 0) return;
  const clamp = optimKernel("clip_clamp");
  withTensorPointers(grads, new Set(grads), 0, (ptrs) => {
    grads.forEach((g, i) => clamp(ptrs[i], g.size, -clipValue, clipValue));
  });
}
