// All / Any over axes of a bool tensor (WASM, stops at the first deciding element of a row).
import { type KernelConfig } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { keepDimsShape, prepareReduction } from "./reduce_kernel.ts";
import { asDtype } from "./util/cast.ts";

type BoolReduceFn = (op: number, x: number, out: number, outer: number, inner: number) => void;

/** op 0 = All, 1 = Any. */
export function createBoolReduceKernelConfig(kernelName: string, op: number): KernelConfig {
  return kernel(kernelName, ({ x }, backend, attrs) => {
    const axis = attrs.axis as number | number[];
    const [bx, temp] = asDtype(backend, x, "bool");
    const r = prepareReduction(backend, bx, axis);
    const out = backend.makeOutput(keepDimsShape(r.outShape, x, axis, attrs.keepDims as boolean), "bool");
    if (r.outer > 0) (backend.wasm.reduce_rows_bool as BoolReduceFn)(op, backend.ptrOf(r.x), backend.ptrOf(out), r.outer, r.inner);
    r.cleanup();
    if (temp) backend.disposeData(bx.dataId);
    return out;
  });
}
