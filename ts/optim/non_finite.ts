// detectNonFinite (a Trainer option, on by default there; off for optimizers used alone, as in
// torch): before a fused optimizer update writes anything, one WASM read of the group's
// gradients (asm/optim/finite.ts) finds a NaN/Inf, and the step raises naming the parameter —
// a non-finite gradient never reaches the weights silently.
import type { Parameter, Tensor } from "../autograd/tensor.ts";
import { heapI32 } from "../backend/wasm_module.ts";
import { FulgurError } from "../errors.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";
import { DESC_STRIDE, optimKernel } from "./kernels.ts";
import { withTensorPointers } from "./tensor_io.ts";

/** A NaN or ±Inf gradient found before an optimizer step changed any parameter. */
export class NonFiniteGradientError extends FulgurError {
  override name = "NonFiniteGradientError";
}

let enabled = false;
const names = new WeakMap<Parameter, string>();

/** Turns the check on or off; returns the previous setting (the Trainer restores it after fit). */
export function setDetectNonFinite(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

export function detectNonFiniteEnabled(): boolean {
  return enabled;
}

/** Names parameters for the error (the Trainer registers the module's named parameters). */
export function nameParameters(named: Iterable<[string, Parameter]>): void {
  for (const [n, p] of named) names.set(p, n);
}

/** The error for `param`, whose gradient holds a non-finite value (read here, on the error path only). */
export function nonFiniteGradient(param: Parameter, optimizerName: string): NonFiniteGradientError {
  const g = param.grad!.dataSync() as Float32Array;
  let at = 0;
  while (at < g.length && Number.isFinite(g[at])) at++;
  const name = names.get(param);
  const who = name === undefined ? `a parameter of shape [${param.shape.join(", ")}]` : `parameter "${name}" (shape [${param.shape.join(", ")}])`;
  return new NonFiniteGradientError(
    `The gradient of ${who} holds ${g[at]} at element ${at}: ${optimizerName}.step() was stopped before any parameter` +
      " changed (Trainer(detectNonFinite=false) lets it through). Check the loss, the data and the learning rate.",
  );
}

const NOTHING_WRITTEN = new Set<Tensor>();

/**
 * With the check on: raises NonFiniteGradientError for the first of `params` (all the groups of
 * one step, so nothing has changed yet) whose gradient holds a NaN/Inf. One WASM call reads
 * every gradient once; webgpu is skipped (no synchronous read there).
 */
export function checkGradsFinite(params: Parameter[], optimizerName: string): void {
  if (!enabled || params.length === 0 || isWebGPUActive()) return;
  const grads = params.map((p) => p.grad as Tensor);
  let bad = -1;
  withTensorPointers(grads, NOTHING_WRITTEN, params.length * DESC_STRIDE * 4, (ptrs, table) => {
    const i32 = heapI32();
    params.forEach((p, i) => {
      const d = (table >>> 2) + i * DESC_STRIDE;
      i32[d] = 0;
      i32[d + 1] = ptrs[i];
      i32[d + 2] = p.size;
    });
    bad = optimKernel("optim_first_nonfinite")(table, params.length);
  });
  if (bad >= 0) throw nonFiniteGradient(params[bad], optimizerName);
}
