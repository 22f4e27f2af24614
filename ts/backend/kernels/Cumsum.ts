// tf.cumsum → Cumsum over one axis (exclusive / reverse as tfjs). float32 accumulates in
// float64 like torch 1.13's CPU cumsum; int32 wraps; bool is summed as int32 (as tfjs does).
import { util } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { asDtype } from "./util/cast.ts";

type CumsumFn = (isF32: number, x: number, out: number, outer: number, n: number, inner: number, exclusive: number, reverse: number) => void;

export const CumsumConfig = kernel("Cumsum", ({ x }, backend, attrs) => {
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const [xi, temp] = asDtype(backend, x, x.dtype === "bool" ? "int32" : x.dtype);
  const out = backend.makeOutput(x.shape.slice(), xi.dtype);
  const outer = util.sizeFromShape(x.shape.slice(0, axis)), inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const n = x.shape[axis] ?? 1;
  if (util.sizeFromShape(x.shape) > 0) {
    (backend.wasm.cumsum as CumsumFn)(xi.dtype === "float32" ? 1 : 0, backend.ptrOf(xi), backend.ptrOf(out), outer, n, inner,
      attrs.exclusive ? 1 : 0, attrs.reverse ? 1 : 0);
  }
  if (temp) backend.disposeData(xi.dataId);
  return out;
});
