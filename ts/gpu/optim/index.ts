// Registry of GPU optimizer updates, by torch class name or by WASM kernel name.
import { FulgurRuntimeError } from "../../errors.ts";
import { adadeltaGpu } from "./adadelta.ts";
import { adagradGpu } from "./adagrad.ts";
import { adamGpu } from "./adam.ts";
import { adamaxGpu } from "./adamax.ts";
import { asgdGpu } from "./asgd.ts";
import type { GpuUpdate } from "./fused_gpu.ts";
import { nadamGpu } from "./nadam.ts";
import { radamGpu } from "./radam.ts";
import { rmspropGpu } from "./rmsprop.ts";
import { rpropGpu } from "./rprop.ts";
import { sgdGpu } from "./sgd.ts";

export { ownGpuBuffer, type GpuFusedEntry, type GpuUpdate } from "./fused_gpu.ts";

const UPDATES: Record<string, GpuUpdate> = {
  SGD: sgdGpu, optim_sgd: sgdGpu,
  Adam: adamGpu, AdamW: adamGpu, optim_adam: adamGpu,
  RMSprop: rmspropGpu, optim_rmsprop: rmspropGpu,
  Adagrad: adagradGpu, optim_adagrad: adagradGpu,
  Adadelta: adadeltaGpu, optim_adadelta: adadeltaGpu,
  Adamax: adamaxGpu, optim_adamax: adamaxGpu,
  ASGD: asgdGpu, optim_asgd: asgdGpu,
  NAdam: nadamGpu, optim_nadam: nadamGpu,
  RAdam: radamGpu, optim_radam: radamGpu,
  Rprop: rpropGpu, optim_rprop: rpropGpu,
};

/** torch class name of a WASM kernel name (optim_rmsprop → RMSprop), for error messages. */
const TORCH_NAMES: Record<string, string> = {
  optim_sgd: "SGD", optim_adam: "Adam/AdamW", optim_rmsprop: "RMSprop", optim_adagrad: "Adagrad", optim_adadelta: "Adadelta",
  optim_adamax: "Adamax", optim_nadam: "NAdam", optim_radam: "RAdam", optim_asgd: "ASGD", optim_rprop: "Rprop",
};

/** True when `optimizerName` (torch class or WASM kernel name) has a GPU update. */
export function hasGpuUpdate(optimizerName: string): boolean {
  return optimizerName in UPDATES;
}

/** The GPU update for `optimizerName`; throws naming it when there is none yet. */
export function gpuUpdate(optimizerName: string): GpuUpdate {
  const u = UPDATES[optimizerName];
  if (!u) {
    throw new FulgurRuntimeError(
      `${TORCH_NAMES[optimizerName] ?? optimizerName} has no WebGPU update yet (GPU updates exist for ${Object.keys(UPDATES).filter((k) => !k.startsWith("optim_")).join(", ")}); ` +
        "train it with accelerator \"wasm\"",
    );
  }
  return u;
}
