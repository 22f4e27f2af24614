// Registry of GPU optimizer updates, by torch class name or by WASM kernel name.
import { adamGpu } from "./adam.ts";
import type { GpuUpdate } from "./fused_gpu.ts";
import { sgdGpu } from "./sgd.ts";

export { gpuStateBuffer, ownGpuBuffer, type GpuFusedEntry, type GpuUpdate } from "./fused_gpu.ts";

const UPDATES: Record<string, GpuUpdate> = {
  SGD: sgdGpu, optim_sgd: sgdGpu,
  Adam: adamGpu, AdamW: adamGpu, optim_adam: adamGpu,
};

/** True when `optimizerName` (torch class or WASM kernel name) has a GPU update. */
export function hasGpuUpdate(optimizerName: string): boolean {
  return optimizerName in UPDATES;
}

/** The GPU update for `optimizerName`; throws naming it when there is none yet. */
export function gpuUpdate(optimizerName: string): GpuUpdate {
  const u = UPDATES[optimizerName];
  if (!u) {
    throw new Error(
      `${optimizerName} has no WebGPU update yet (GPU updates exist for ${Object.keys(UPDATES).filter((k) => !k.startsWith("optim_")).join(", ")}); ` +
        "train it with accelerator \"wasm\"",
    );
  }
  return u;
}
