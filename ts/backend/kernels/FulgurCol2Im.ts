// Custom kernel FulgurCol2Im: the adjoint of FulgurIm2Col — columns [G, N, oh*ow, Cg*kh*kw]
// summed back onto [N, C, H, W] in a fixed order (padding entries dropped).
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { COL2IM, geometryArgs, type WindowGeometry } from "./conv_geometry.ts";

type Col2ImFn = (cols: number, out: number, ...rest: number[]) => void;

export const FulgurCol2ImConfig = kernel(COL2IM, ({ x }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry;
  const [fx, temp] = asFloat32(backend, x);
  const out = backend.makeOutput([g.N, g.C, g.H, g.W], "float32");
  (backend.wasm.col2im_f32 as Col2ImFn)(backend.ptrOf(fx), backend.ptrOf(out), ...geometryArgs(g));
  if (temp) backend.disposeData(fx.dataId);
  return out;
});
