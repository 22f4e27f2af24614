// ArgMax / ArgMin over one axis (int32 output, first index of the extreme; for float32 a NaN
// wins). int32 and bool compare exactly as int32 (no float32 rounding of large values).
import { type KernelConfig } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { prepareReduction } from "./reduce_kernel.ts";
import { asDtype } from "./util/cast.ts";
import { FulgurRuntimeError } from "../../errors.ts";

type ArgFn = (op: number, x: number, o: number, outer: number, inner: number) => void;

export function createArgReduceKernelConfig(kernelName: string, op: number): KernelConfig {
  return kernel(kernelName, ({ x }, backend, attrs) => {
    const [cx, temp] = asDtype(backend, x, x.dtype === "float32" ? "float32" : "int32");
    const r = prepareReduction(backend, cx, [attrs.axis as number]);
    if (r.inner === 0 && r.outer > 0) {
      r.cleanup();
      if (temp) backend.disposeData(cx.dataId);
      throw new FulgurRuntimeError(`${kernelName}: cannot reduce over a dimension of size 0`);
    }
    const out = backend.makeOutput(r.outShape, "int32");
    const f = (cx.dtype === "float32" ? backend.wasm.argreduce_f32 : backend.wasm.argreduce_rows_i32) as ArgFn;
    if (r.outer > 0) f(op, backend.ptrOf(r.x), backend.ptrOf(out), r.outer, r.inner);
    r.cleanup();
    if (temp) backend.disposeData(cx.dataId);
    return out;
  });
}
