// Typed helper for declaring one fulgur-wasm kernel.
import type { KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../backend_fulgur.ts";
import { FULGUR_WASM } from "../backend_name.ts";

export type FulgurKernelFunc = (
  inputs: Record<string, TensorInfo>, // tfjs's NamedTensorInfoMap; the names a kernel reads are always present
  backend: BackendFulgur,
  attrs: NamedAttrMap,
) => TensorInfo | TensorInfo[];

export function kernel(kernelName: string, fn: FulgurKernelFunc): KernelConfig {
  return {
    kernelName,
    backendName: FULGUR_WASM,
    kernelFunc: ({ inputs, backend, attrs }) => fn(inputs as Record<string, TensorInfo>, backend as BackendFulgur, attrs ?? {}),
  };
}
