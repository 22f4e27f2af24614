// Family factory for axis reductions: reduced axes are transposed innermost, then the WASM
// kernel reduces each contiguous row in a fixed order.
import { backend_util, util, type DataType, type KernelConfig, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../backend_fulgur.ts";
import { kernel } from "./kernel.ts";
import { ReduceOp } from "./op_codes.ts";
import { asDtype, asFloat32, castImpl } from "./util/cast.ts";
import { transposeImpl } from "./util/transpose.ts";
import { FulgurRuntimeError } from "../../errors.ts";

export interface Reduced { x: TensorInfo; outShape: number[]; outer: number; inner: number; cleanup(): void }

/** Brings the reduced axes innermost (a temporary transpose when needed). */
export function prepareReduction(backend: BackendFulgur, x: TensorInfo, axis: number | number[]): Reduced {
  const rank = x.shape.length;
  const axes = util.parseAxisParam(axis, x.shape);
  const perm = backend_util.getAxesPermutation(axes, rank);
  const xt = perm == null ? x : transposeImpl(backend, x, perm);
  const inner = backend_util.getInnerMostAxes(axes.length, rank);
  const [outShape, reduceShape] = backend_util.computeOutAndReduceShapes(xt.shape, inner);
  return {
    x: xt,
    outShape,
    outer: util.sizeFromShape(outShape),
    inner: util.sizeFromShape(reduceShape),
    cleanup: () => { if (xt !== x) backend.disposeData(xt.dataId); },
  };
}

export function keepDimsShape(outShape: number[], x: TensorInfo, axis: number | number[], keepDims: boolean): number[] {
  return keepDims ? backend_util.expandShapeToKeepDim(outShape, util.parseAxisParam(axis, x.shape)) : outShape;
}

type ReduceFn = (op: number, x: number, o: number, outer: number, inner: number) => void;
type ColsFn = (op: number, x: number, o: number, R: number, C: number, stride: number) => void;

/**
 * A float32 reduction over the leading axes (a bias gradient's column sums) runs down the columns
 * in place (asm reduce_cols_f32) instead of transposing them innermost first: the same order per
 * output, so the same bits, without the copy. null: not that case (or columns long enough to be
 * reduced in chunks, which the row kernel does).
 */
function leadingReduction(backend: BackendFulgur, x: TensorInfo, op: number, axis: number | number[], keepDims: boolean): TensorInfo | null {
  // axes given in order only: the transposing path sums in the order the axes are given
  const axes = util.parseAxisParam(axis, x.shape);
  const k = axes.length;
  if (k === 0 || k === x.shape.length || axes.some((a, i) => a !== i)) return null;
  const R = util.sizeFromShape(x.shape.slice(0, k)), C = util.sizeFromShape(x.shape.slice(k));
  if (R < 2 || C === 0 || (backend.wasm.reduce_chunk_count as (n: number) => number)(R) !== 1) return null;
  const out = backend.makeOutput(keepDimsShape(x.shape.slice(k), x, axis, keepDims), "float32");
  (backend.wasm.reduce_cols_f32 as ColsFn)(op, backend.ptrOf(x), backend.ptrOf(out), R, C, C);
  return out;
}

/**
 * op: ReduceOp code. axisAttr: "axis" (Sum/Mean/Min/Prod) or "reductionIndices" (Max).
 * outDtype: output dtype given the input's (Sum/Max keep int32; Mean is float32).
 * float32 rows go through asm reduce_rows_f32 (float64 accumulation, each row left to right);
 * int32 (and bool, as int32) through reduce_rows_i32, exact, except Mean (float32).
 */
export function createReduceKernelConfig(kernelName: string, op: number, axisAttr: string,
                                         outDtype: (d: DataType) => DataType): KernelConfig {
  return kernel(kernelName, ({ x }, backend, attrs) => {
    const axis = attrs[axisAttr] as number | number[];
    const keepDims = attrs.keepDims as boolean;
    const intPath = x.dtype !== "float32" && op !== ReduceOp.Mean;
    if (x.dtype === "float32") {
      const cols = leadingReduction(backend, x, op, axis, keepDims);
      if (cols !== null) return cols;
    }
    const [cx, temp] = intPath ? asDtype(backend, x, "int32") : asFloat32(backend, x);
    const r = prepareReduction(backend, cx, axis);
    const shape = keepDimsShape(r.outShape, x, axis, keepDims);
    if (r.inner === 0 && r.outer > 0 && (op === ReduceOp.Max || op === ReduceOp.Min)) {
      r.cleanup();
      if (temp) backend.disposeData(cx.dataId);
      throw new FulgurRuntimeError(`${kernelName}: cannot reduce over a dimension of size 0 (no identity)`);
    }
    let out = backend.makeOutput(shape, cx.dtype);
    if (r.outer > 0) {
      const f = (intPath ? backend.wasm.reduce_rows_i32 : backend.wasm.reduce_rows_f32) as ReduceFn;
      f(op, backend.ptrOf(r.x), backend.ptrOf(out), r.outer, r.inner);
    }
    r.cleanup();
    if (temp) backend.disposeData(cx.dataId);
    const dtype = outDtype(x.dtype);
    if (dtype !== out.dtype) {
      const cast = castImpl(backend, out, dtype);
      backend.disposeData(out.dataId);
      out = cast;
    }
    return out;
  });
}
