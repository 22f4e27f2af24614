// Elementwise maps computed in JS for exact, non-arithmetic kernels (predicates, logic).
import { util, type DataType, type KernelConfig } from "@tensorflow/tfjs-core";
import { kernel } from "../kernel.ts";

export function createMapKernelConfig(kernelName: string, outDtype: DataType, fn: (x: number) => number): KernelConfig {
  return kernel(kernelName, ({ x }, backend) => {
    const out = backend.makeOutput(x.shape.slice(), outDtype);
    const src = backend.view(x), dst = backend.view(out);
    const n = util.sizeFromShape(x.shape);
    for (let i = 0; i < n; i++) dst[i] = fn(src[i]);
    return out;
  });
}
