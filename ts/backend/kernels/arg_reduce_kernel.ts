// ArgMax / ArgMin over one axis (int32 output, first index of the extreme, NaN wins).
import { type KernelConfig } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { prepareReduction } from "./reduce_kernel.ts";
import { asFloat32 } from "./util/cast.ts";

type ArgFn = (op: number, x: number, o: number, outer: number, inner: number) => void;

export function createArgReduceKernelConfig(kernelName: string, op: number): KernelConfig {
  return kernel(kernelName, ({ x }, backend, attrs) => {
    const [fx, temp] = asFloat32(backend, x);
    const r = prepareReduction(backend, fx, [attrs.axis as number]);
    const out = backend.makeOutput(r.outShape, "int32");
    (backend.wasm.argreduce_f32 as ArgFn)(op, backend.ptrOf(r.x), backend.ptrOf(out), r.outer, r.inner);
    r.cleanup();
    if (temp) backend.disposeData(fx.dataId);
    return out;
  });
}
