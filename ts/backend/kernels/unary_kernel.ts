// Family factory for elementwise unary kernels.
import { util, type KernelConfig, type NamedAttrMap } from "@tensorflow/tfjs-core";
import { kernel } from "./kernel.ts";
import { asFloat32 } from "./util/cast.ts";

export interface UnaryOptions {
  /** Kernel attributes → the two float parameters of the WASM kernel (alpha, clip bounds). */
  params?: (attrs: NamedAttrMap) => [number, number];
  /** Exact integer version for int32 inputs (output int32); without it int32 is computed as float32. */
  intFn?: (x: number) => number;
}

export function createUnaryKernelConfig(kernelName: string, op: number, opts: UnaryOptions = {}): KernelConfig {
  return kernel(kernelName, ({ x }, backend, attrs) => {
    const n = util.sizeFromShape(x.shape);
    if (x.dtype === "int32" && opts.intFn != null) {
      const out = backend.makeOutput(x.shape.slice(), "int32");
      const src = backend.view(x), dst = backend.view(out), f = opts.intFn;
      for (let i = 0; i < n; i++) dst[i] = f(src[i]);
      return out;
    }
    const [fx, temp] = asFloat32(backend, x);
    const out = backend.makeOutput(x.shape.slice(), "float32");
    const [p0, p1] = opts.params ? opts.params(attrs) : [0, 0];
    const f = backend.wasm.unary_f32 as (op: number, x: number, o: number, n: number, p0: number, p1: number) => void;
    f(op, backend.ptrOf(fx), backend.ptrOf(out), n, p0, p1);
    if (temp) backend.disposeData(fx.dataId);
    return out;
  });
}
