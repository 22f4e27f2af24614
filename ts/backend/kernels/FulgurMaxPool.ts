// Custom kernel FulgurMaxPool: planes x [P, H, W] (attrs: a WindowGeometry with N = P, C = 1)
// → [values [P, oh*ow] float32, indices [P, oh*ow] int32 flat into x], torch's argmax rule.
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { MAXPOOL, type WindowGeometry } from "./conv_geometry.ts";

type MaxPoolFn = (x: number, out: number, idx: number, ...rest: number[]) => void;

export const FulgurMaxPoolConfig = kernel(MAXPOOL, ({ x }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry;
  const [fx, temp] = asFloat32(backend, x);
  const shape = [g.N, g.oh * g.ow];
  const values = backend.makeOutput(shape, "float32"), indices = backend.makeOutput(shape.slice(), "int32");
  (backend.wasm.maxpool_f32 as MaxPoolFn)(backend.ptrOf(fx), backend.ptrOf(values), backend.ptrOf(indices),
    g.N, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow);
  if (temp) backend.disposeData(fx.dataId);
  return [values, indices];
});
