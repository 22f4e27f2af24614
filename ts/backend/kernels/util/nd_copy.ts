// Plans one asm copy_nd call (asm/kernels/movement/copy_nd.ts): size-1 dims dropped,
// dims that both sides walk contiguously merged, and — for a transpose — the dim the
// source walks contiguously moved next to the innermost one so the kernel can tile.
import { util, type TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { FulgurTypeError } from "../../../errors.ts";
import { writeMeta } from "./meta.ts";

type CopyNdFn = (es: number, src: number, dst: number, nd: number, meta: number) => void;

/** Bytes per element as stored by fulgur-wasm (bool: one byte). */
export function elemSize(info: TensorInfo): number {
  if (info.dtype === "float32" || info.dtype === "int32") return 4;
  if (info.dtype === "bool") return 1;
  throw new FulgurTypeError(`fulgur-wasm: no data-movement kernel for dtype ${info.dtype}`);
}

/** Row-major element strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
  return s;
}

/**
 * dst[dstOffset + Σ c[d]·dstStrides[d]] = src[srcOffset + Σ c[d]·srcStrides[d]] for every
 * coordinate c of `shape`. Offsets and strides in elements; src strides may be 0 or negative.
 */
export function copyNd(backend: BackendFulgur, src: TensorInfo, srcOffset: number, srcStrides: number[],
                       shape: number[], dst: TensorInfo, dstOffset: number, dstStrides: number[]): void {
  if (util.sizeFromShape(shape) === 0) return;
  const es = elemSize(src);
  let sh: number[] = [], ss: number[] = [], ds: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const k = sh.length - 1;
    if (k >= 0 && ss[k] === srcStrides[d] * shape[d] && ds[k] === dstStrides[d] * shape[d]) {
      sh[k] *= shape[d]; ss[k] = srcStrides[d]; ds[k] = dstStrides[d];
    } else {
      sh.push(shape[d]); ss.push(srcStrides[d]); ds.push(dstStrides[d]);
    }
  }
  const last = sh.length - 1;
  if (es === 4 && last >= 1 && ss[last] !== 1 && ds[last] === 1 && ss[last - 1] !== 1) {
    const k = ss.indexOf(1);
    if (k >= 0 && k < last - 1) {
      // loop order only: dst strides stay explicit, so moving a dim changes nothing else
      const order = [...sh.keys()].filter((d) => d !== k && d !== last).concat([k, last]);
      sh = order.map((d) => sh[d]); ss = order.map((d) => ss[d]); ds = order.map((d) => ds[d]);
    }
  }
  const meta = writeMeta(backend, sh, ss, ds);
  (backend.wasm.copy_nd as CopyNdFn)(es, backend.ptrOf(src) + srcOffset * es, backend.ptrOf(dst) + dstOffset * es, sh.length, meta);
}

/** A new tensor of `shape`: out[c] = x[offset + Σ c[d]·strides[d]]. */
export function gatherStrided(backend: BackendFulgur, x: TensorInfo, offset: number, strides: number[], shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape.slice(), x.dtype);
  copyNd(backend, x, offset, strides, shape, out, 0, stridesOf(shape));
  return out;
}

type FillFn = (es: number, dst: number, n: number, bits: number) => void;

/** The stored bits of `value` in dtype (int32 wraps like Int32Array, bool is value != 0). */
export function valueBits(value: number, dtype: string): number {
  if (dtype === "float32") return new Uint32Array(new Float32Array([value]).buffer)[0];
  if (dtype === "int32") return new Int32Array([value])[0];
  return value !== 0 && !Number.isNaN(value) ? 1 : 0;
}

/** Fills a whole tensor with one value. */
export function fillTensor(backend: BackendFulgur, out: TensorInfo, value: number): void {
  (backend.wasm.fill_bits as FillFn)(elemSize(out), backend.ptrOf(out), util.sizeFromShape(out.shape), valueBits(value, out.dtype));
}
