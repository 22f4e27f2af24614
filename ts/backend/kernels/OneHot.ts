import { util, type DataType } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { castImpl } from "./util/cast.ts";
import { valueBits } from "./util/nd_copy.ts";

type OneHotFn = (idx: number, out: number, n: number, depth: number, on: number, off: number) => void;

// Indices outside [0, depth) give an all-off row, as in tfjs. One WASM pass.
export const OneHotConfig = kernel("OneHot", ({ indices }, backend, attrs) => {
  const depth = attrs.depth as number, on = attrs.onValue as number, off = attrs.offValue as number;
  const dtype = (attrs.dtype as DataType) ?? "int32";
  const shape = [...indices.shape, depth];
  const wide: DataType = dtype === "bool" ? "int32" : dtype; // bool: 0/1 in int32, then cast
  const out = backend.makeOutput(shape, wide);
  const n = util.sizeFromShape(indices.shape);
  if (n > 0 && depth > 0) {
    const [a, b] = dtype === "bool" ? [on !== 0 ? 1 : 0, off !== 0 ? 1 : 0] : [on, off];
    (backend.wasm.one_hot as OneHotFn)(backend.ptrOf(indices), backend.ptrOf(out), n, depth, valueBits(a, wide), valueBits(b, wide));
  }
  if (dtype !== "bool") return out;
  const cast = castImpl(backend, out, "bool");
  backend.disposeData(out.dataId);
  return cast;
});
