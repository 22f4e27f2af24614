// Custom kernels between a convolution's matmul rows [G, N, L, Og] and NCHW [N, G·Og, L]:
// FulgurRowsToNCHW (inputs rows, optional bias [G·Og]; attrs G, N, L, Og) and FulgurNCHWToRows.
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { NCHW_TO_ROWS, ROWS_TO_NCHW } from "./conv_geometry.ts";

type RowsFn = (rows: number, bias: number, out: number, G: number, N: number, L: number, Og: number) => void;
type NchwFn = (x: number, out: number, G: number, N: number, L: number, Og: number) => void;

export const FulgurRowsToNCHWConfig = kernel(ROWS_TO_NCHW, ({ x, bias }, backend, attrs) => {
  const G = attrs.G as number, N = attrs.N as number, L = attrs.L as number, Og = attrs.Og as number;
  const [fx, temp] = asFloat32(backend, x);
  const [fb, tempB] = bias ? asFloat32(backend, bias) : [null, false];
  const out = backend.makeOutput([N, G * Og, L], "float32");
  (backend.wasm.rows_to_nchw_f32 as RowsFn)(backend.ptrOf(fx), fb ? backend.ptrOf(fb) : 0, backend.ptrOf(out), G, N, L, Og);
  if (temp) backend.disposeData(fx.dataId);
  if (tempB && fb) backend.disposeData(fb.dataId);
  return out;
});

export const FulgurNCHWToRowsConfig = kernel(NCHW_TO_ROWS, ({ x }, backend, attrs) => {
  const G = attrs.G as number, N = attrs.N as number, L = attrs.L as number, Og = attrs.Og as number;
  const [fx, temp] = asFloat32(backend, x);
  const out = backend.makeOutput([G, N * L, Og], "float32");
  (backend.wasm.nchw_to_rows_f32 as NchwFn)(backend.ptrOf(fx), backend.ptrOf(out), G, N, L, Og);
  if (temp) backend.disposeData(fx.dataId);
  return out;
});
