// Custom kernel FulgurIm2Col: x [N, C, H, W] → columns [G, N, oh*ow, Cg*kh*kw] (attrs: a
// WindowGeometry + padValue). Used by convolution and pooling on fulgur-wasm.
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { IM2COL, colsShape, geometryArgs, type WindowGeometry } from "./conv_geometry.ts";

type Im2ColFn = (x: number, out: number, ...rest: number[]) => void;

export const FulgurIm2ColConfig = kernel(IM2COL, ({ x }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry;
  const [fx, temp] = asFloat32(backend, x);
  const out = backend.makeOutput(colsShape(g), "float32");
  (backend.wasm.im2col_f32 as Im2ColFn)(backend.ptrOf(fx), backend.ptrOf(out), ...geometryArgs(g), attrs.padValue as number);
  if (temp) backend.disposeData(fx.dataId);
  return out;
});
