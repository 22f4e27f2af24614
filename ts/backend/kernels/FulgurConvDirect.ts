// Custom kernels for a convolution without im2col columns (asm/kernels/conv/direct.ts), the same
// bits as im2col + matmul (+ bias):
// FulgurConvDirect: x [N, C, H, W], w [O, C/G, kh, kw], optional bias [O] → [N, O, oh, ow]
//   (attrs: geometry, O; stride 1 along the width only).
// FulgurConvWeightGrad: x [N, C, H, W], dy [N, O, oh, ow] → dw [O, C/G, kh, kw] (attrs: geometry, O).
// FulgurConvInputGrad: dy [N, O, oh, ow], w [O, C/G, kh, kw] → dx [N, C, H, W] (attrs: geometry, O;
//   stride 1 along the width only).
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";
import { CONV_DIRECT, CONV_IGRAD, CONV_WGRAD, type WindowGeometry } from "./conv_geometry.ts";
import { FulgurRuntimeError } from "../../errors.ts";

type ConvFn = (x: number, w: number, bias: number, out: number, ...rest: number[]) => void;
type WgradFn = (x: number, gy: number, out: number, ...rest: number[]) => void;

export const FulgurConvDirectConfig = kernel(CONV_DIRECT, ({ x, w, bias }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry, O = attrs.O as number;
  if (g.sw !== 1) throw new FulgurRuntimeError(`${CONV_DIRECT}: stride 1 along the width only (got ${g.sw})`);
  const [fx, tx] = asFloat32(backend, x), [fw, tw] = asFloat32(backend, w);
  const [fb, tb] = bias ? asFloat32(backend, bias) : [null, false];
  const out = backend.makeOutput([g.N, O, g.oh, g.ow], "float32");
  (backend.wasm.conv2d_direct_f32 as ConvFn)(backend.ptrOf(fx), backend.ptrOf(fw), fb ? backend.ptrOf(fb) : 0, backend.ptrOf(out),
    g.N, g.C, g.H, g.W, g.G, O, g.kh, g.kw, g.sh, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow);
  if (tx) backend.disposeData(fx.dataId);
  if (tw) backend.disposeData(fw.dataId);
  if (tb && fb) backend.disposeData(fb.dataId);
  return out;
});

export const FulgurConvWeightGradConfig = kernel(CONV_WGRAD, ({ x, dy }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry, O = attrs.O as number;
  const [fx, tx] = asFloat32(backend, x), [fg, tg] = asFloat32(backend, dy);
  const out = backend.makeOutput([O, g.C / g.G, g.kh, g.kw], "float32");
  (backend.wasm.conv2d_wgrad_f32 as WgradFn)(backend.ptrOf(fx), backend.ptrOf(fg), backend.ptrOf(out),
    g.N, g.C, g.H, g.W, g.G, O, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow);
  if (tx) backend.disposeData(fx.dataId);
  if (tg) backend.disposeData(fg.dataId);
  return out;
});

export const FulgurConvInputGradConfig = kernel(CONV_IGRAD, ({ dy, w }, backend, attrs) => {
  const g = attrs.geometry as unknown as WindowGeometry, O = attrs.O as number;
  if (g.sw !== 1) throw new FulgurRuntimeError(`${CONV_IGRAD}: stride 1 along the width only (got ${g.sw})`);
  const [fg, tg] = asFloat32(backend, dy), [fw, tw] = asFloat32(backend, w);
  const out = backend.makeOutput([g.N, g.C, g.H, g.W], "float32");
  (backend.wasm.conv2d_igrad_f32 as WgradFn)(backend.ptrOf(fg), backend.ptrOf(fw), backend.ptrOf(out),
    g.N, g.C, g.H, g.W, g.G, O, g.kh, g.kw, g.sh, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow);
  if (tg) backend.disposeData(fg.dataId);
  if (tw) backend.disposeData(fw.dataId);
  return out;
});
