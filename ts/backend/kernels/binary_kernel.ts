// Family factories for elementwise binary kernels (arithmetic and comparisons).
import { backend_util, upcastType, type KernelConfig, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../backend_fulgur.ts";
import { kernel } from "./kernel.ts";
import { broadcastPlan } from "./util/broadcast.ts";
import { broadcastJs } from "./util/broadcast_js.ts";
import { asFloat32, castImpl } from "./util/cast.ts";
import { writeMeta } from "./util/meta.ts";

type IntFn = (x: number, y: number) => number;

function run(backend: BackendFulgur, wasmFn: "binary_f32" | "compare_f32", op: number,
             a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
  const plan = broadcastPlan(a.shape, b.shape, out.shape);
  const meta = writeMeta(backend, plan.shape, plan.aStrides, plan.bStrides);
  const f = backend.wasm[wasmFn] as (op: number, a: number, b: number, o: number, nd: number, meta: number) => void;
  f(op, backend.ptrOf(a), backend.ptrOf(b), backend.ptrOf(out), plan.shape.length, meta);
}

function jsFallback(backend: BackendFulgur, a: TensorInfo, b: TensorInfo, out: TensorInfo, fn: IntFn): void {
  broadcastJs(backend.view(a), backend.view(b), broadcastPlan(a.shape, b.shape, out.shape), backend.view(out), fn);
}

/**
 * Arithmetic kernel: float32 runs in WASM (op code); int32/bool use `intFn` (exact integer
 * math in JS) when given, else they are computed in float32 and cast back.
 */
export function createBinaryKernelConfig(kernelName: string, op: number, intFn?: IntFn): KernelConfig {
  return kernel(kernelName, ({ a, b }, backend) => {
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const dtype = upcastType(a.dtype, b.dtype);
    if (dtype !== "float32" && intFn != null) {
      const out = backend.makeOutput(outShape, dtype);
      jsFallback(backend, a, b, out, intFn);
      return out;
    }
    const [fa, da] = asFloat32(backend, a);
    const [fb, db] = asFloat32(backend, b);
    let out = backend.makeOutput(outShape, "float32");
    run(backend, "binary_f32", op, fa, fb, out);
    if (da) backend.disposeData(fa.dataId);
    if (db) backend.disposeData(fb.dataId);
    if (dtype !== "float32") {
      const cast = castImpl(backend, out, dtype);
      backend.disposeData(out.dataId);
      out = cast;
    }
    return out;
  });
}

/** Comparison kernel: bool output (one byte per element), as tfjs expects. */
export function createCompareKernelConfig(kernelName: string, op: number, jsFn: (x: number, y: number) => boolean): KernelConfig {
  return kernel(kernelName, ({ a, b }, backend) => {
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = backend.makeOutput(outShape, "bool");
    if (a.dtype === "float32" && b.dtype === "float32") run(backend, "compare_f32", op, a, b, out);
    else jsFallback(backend, a, b, out, (x, y) => (jsFn(x, y) ? 1 : 0));
    return out;
  });
}
