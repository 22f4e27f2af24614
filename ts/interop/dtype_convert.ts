// Raw little-endian element bytes → float32 (or exact integers), for every dtype the readers accept.
// Pure integer/bit arithmetic: the same result on every JavaScript engine.
import type { TorchDtype } from "./pickle_values.ts";
import { DTYPE_BYTES } from "./pickle_values.ts";
import { InteropFormatError } from "./errors.ts";

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half → float32 bits (exact: every half is a float32). */
function halfToFloat(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0) {
    if (mant === 0) { u32[0] = sign; return f32[0]; }
    // subnormal half: normalise
    let e = -1;
    do { e++; mant <<= 1; } while ((mant & 0x400) === 0);
    u32[0] = sign | ((127 - 15 - e) << 23) | ((mant & 0x3ff) << 13);
    return f32[0];
  }
  if (exp === 0x1f) { u32[0] = sign | 0x7f800000 | (mant << 13); return f32[0]; }
  u32[0] = sign | ((exp - 15 + 127) << 23) | (mant << 13);
  return f32[0];
}

/** True on little-endian hosts (all current ones): float32 data can be copied as bytes. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== acc) return false;
    acc *= shape[d];
  }
  return true;
}

/** The elements of `bytes` (a storage) at a strided view, as numbers of the target kind. */
export function readElements(
  bytes: Uint8Array, dtype: TorchDtype, shape: readonly number[], stride: readonly number[], offset: number,
): Float32Array | Int32Array | Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === "float32" && LITTLE_ENDIAN && isContiguous(shape, stride)) {
    // the common case (and the large one): one copy of the bytes, no per-element decoding
    const start = offset * 4;
    if (start + n * 4 > bytes.length) throw new InteropFormatError(`a float32 tensor of ${n} elements at element ${offset} lies beyond its ${bytes.length}-byte storage`);
    const copy = bytes.slice(start, start + n * 4);
    return new Float32Array(copy.buffer, 0, n);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = DTYPE_BYTES[dtype];
  const isInt = dtype === "int64" || dtype === "int32" || dtype === "int16" || dtype === "int8" || dtype === "uint8" || dtype === "bool";
  const out: Float32Array | Float64Array = isInt ? new Float64Array(n) : new Float32Array(n);
  // row-major walk over the view, strides in elements
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let elem = offset;
  for (let i = 0; i < n; i++) {
    const at = elem * size;
    let v: number;
    switch (dtype) {
      case "float32": v = view.getFloat32(at, true); break;
      case "float64": v = view.getFloat64(at, true); break; // Float32Array assignment rounds to nearest even
      case "float16": v = halfToFloat(view.getUint16(at, true)); break;
      case "bfloat16": u32[0] = view.getUint16(at, true) << 16; v = f32[0]; break;
      case "int64": {
        const big = view.getBigInt64(at, true);
        v = Number(big);
        break;
      }
      case "int32": v = view.getInt32(at, true); break;
      case "int16": v = view.getInt16(at, true); break;
      case "int8": v = view.getInt8(at); break;
      case "uint8": v = view.getUint8(at); break;
      case "bool": v = view.getUint8(at) ? 1 : 0; break;
    }
    out[i] = v;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      elem += stride[d];
      if (idx[d] < shape[d]) break;
      elem -= stride[d] * shape[d];
      idx[d] = 0;
    }
  }
  if (!isInt) return out;
  // integers: int32 storage when every value fits (fulgur stores torch's int64 as int32)
  let fits = true;
  for (let i = 0; i < n; i++) if (out[i] < -2147483648 || out[i] > 2147483647) { fits = false; break; }
  return fits ? Int32Array.from(out) : out;
}
