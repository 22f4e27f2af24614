// Custom kernel FulgurIm2ColT: x [N, C, H, W] → transposed columns [G, Cg*kh*kw, N*oh*ow]
// (zero padding); the left operand of a convolution's weight gradient. FulgurCol2ImT: its
// adjoint, transposed columns summed back onto [N, C, H, W] (the input gradient).
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { COL2IM_T, IM2COL_T, colsTShape, geometryArgs, type WindowGeometry } from "./conv_geometry.ts";

type Im2ColTFn = (x: number, out: number, ...rest: number[]) => void;

export const FulgurIm2ColTConfig = kernel(IM2COL_T, ({ x }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry;
  const [fx, temp] = asFloat32(backend, x);
  const out = backend.makeOutput(colsTShape(g), "float32");
  (backend.wasm.im2colT_f32 as Im2ColTFn)(backend.ptrOf(fx), backend.ptrOf(out), ...geometryArgs(g));
  if (temp) backend.disposeData(fx.dataId);
  return out;
});

export const FulgurCol2ImTConfig = kernel(COL2IM_T, ({ x }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry;
  const [fx, temp] = asFloat32(backend, x);
  const out = backend.makeOutput([g.N, g.C, g.H, g.W], "float32");
  (backend.wasm.col2imT_f32 as Im2ColTFn)(backend.ptrOf(fx), backend.ptrOf(out), ...geometryArgs(g));
  if (temp) backend.disposeData(fx.dataId);
  return out;
});
