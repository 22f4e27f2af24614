// safetensors (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length,
// a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then the raw bytes.
// The reader trusts nothing: every length, offset, shape and dtype is checked before any data is read.
import { InteropFormatError } from "./errors.ts";
import { LITTLE_ENDIAN, readElements } from "./dtype_convert.ts";
import { DTYPE_BYTES, type TorchDtype } from "./pickle_values.ts";
import type { NamedTensorData, TensorData } from "./tensor_data.ts";
import { isTensorData } from "./tensor_data.ts";
import { stridesOf } from "../autograd/ops/index_util.ts";
import { readSource, writeBytes, type BytesSource } from "./bytes_source.ts";

const FROM_ST: Record<string, TorchDtype> = {
  F32: "float32", F16: "float16", BF16: "bfloat16", F64: "float64",
  I64: "int64", I32: "int32", I16: "int16", I8: "int8", U8: "uint8", BOOL: "bool",
};
const TO_ST: Partial<Record<TorchDtype, string>> = Object.fromEntries(Object.entries(FROM_ST).map(([k, v]) => [v, k]));

/** The largest header accepted (the format's own reference reader uses 100 MB). */
const MAX_HEADER = 100_000_000;

/** A parsed safetensors file: its tensors by name and its metadata. */
export interface SafetensorsFile {
  tensors: NamedTensorData;
  metadata: Record<string, string>;
}

function own<T>(obj: Record<string, T>, key: string, value: T): void {
  // defineProperty: a tensor named "__proto__" stays an own entry, never the prototype
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Parses safetensors bytes into named tensors (F16/BF16 upcast to float32, F64 rounded). */
/**
 * `copy: false` lets aligned float32 tensors be views into `bytes` (no copy; the caller must not
 * reuse the bytes) — fulgur's binary checkpoints load that way.
 */
export function parseSafetensors(bytes: Uint8Array, what = "safetensors file", opts: { copy?: boolean } = {}): SafetensorsFile {
  const fail = (msg: string): never => {
    throw new InteropFormatError(`${what}: ${msg}`);
  };
  if (bytes.length < 8) fail(`truncated (${bytes.length} bytes; the header length alone takes 8)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLen > MAX_HEADER) fail(`header length ${headerLen} exceeds the ${MAX_HEADER}-byte limit`);
  if (8 + headerLen > bytes.length) fail(`header claims ${headerLen} bytes but the file has ${bytes.length - 8} after the length`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("header is not a JSON object");
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors: NamedTensorData = {};
  const metadata: Record<string, string> = {};
  const ranges: Array<[number, number, string]> = [];
  for (const name of Object.keys(header as object)) {
    const entry = (header as Record<string, unknown>)[name];
    if (name === "__metadata__") {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) fail("__metadata__ is not an object");
      for (const k of Object.keys(entry as object)) {
        const v = (entry as Record<string, unknown>)[k];
        if (typeof v !== "string") fail(`__metadata__["${k}"] is not a string`);
        own(metadata, k, v as string);
      }
      continue;
    }
    if (typeof entry !== "object" || entry === null) fail(`tensor "${name}": entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== "string" || !Object.prototype.hasOwnProperty.call(FROM_ST, dtype)) {
      fail(`tensor "${name}": dtype ${JSON.stringify(dtype)} cannot be read (readable: ${Object.keys(FROM_ST).join(", ")})`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`tensor "${name}": bad shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor "${name}": bad data_offsets ${JSON.stringify(offsets)}`);
    }
    const t = FROM_ST[dtype as string];
    const [begin, end] = offsets as number[];
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLen) fail(`tensor "${name}": data_offsets [${begin}, ${end}] lie outside the ${dataLen}-byte data section`);
    if (end - begin !== numel * DTYPE_BYTES[t]) {
      fail(`tensor "${name}": ${end - begin} bytes for shape [${shape}] of ${dtype} (needs ${numel * DTYPE_BYTES[t]})`);
    }
    ranges.push([begin, end, name]);
    const strides = stridesOf(shape as number[]);
    const at = bytes.byteOffset + dataStart + begin;
    const data = opts.copy === false && t === "float32" && LITTLE_ENDIAN && at % 4 === 0
      ? new Float32Array(bytes.buffer, at, numel)
      : readElements(bytes.subarray(dataStart + begin, dataStart + end), t, shape as number[], strides, 0);
    own(tensors, name, { dtype: t, shape: [...(shape as number[])], data });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1]) fail(`tensors "${ranges[i - 1][2]}" and "${ranges[i][2]}" overlap`);
  }
  return { tensors, metadata };
}


/** loadSafetensors(bytes | ArrayBuffer | path | URL) → named tensors as plain data. */
export async function loadSafetensors(src: BytesSource): Promise<SafetensorsFile> {
  const { bytes, name } = await readSource(src);
  return parseSafetensors(bytes, name);
}

/** Anything with a shape and readable values: a fulgur Tensor or TensorData. */
export interface ShapedValues {
  shape: readonly number[];
  dtype?: string;
  dataSync?: () => ArrayLike<number>;
  data?: ArrayLike<number>;
}

function valuesOf(name: string, t: ShapedValues | TensorData | Float32Array): { dtype: TorchDtype; shape: number[]; values: ArrayLike<number> } {
  if (isTensorData(t)) return { dtype: t.dtype, shape: t.shape, values: t.data };
  // module.stateDict() values: Float32Arrays carrying a non-enumerable shape (and dtype when not float32)
  if (ArrayBuffer.isView(t) && Array.isArray((t as unknown as ShapedValues).shape)) {
    const d = (t as unknown as ShapedValues).dtype;
    return { dtype: d === "int32" ? "int64" : d === "bool" ? "bool" : "float32", shape: [...(t as unknown as ShapedValues).shape], values: t as unknown as ArrayLike<number> };
  }
  const v = t as ShapedValues;
  if (v && Array.isArray(v.shape) && typeof v.dataSync === "function") {
    // fulgur tensors: float32, int32 (torch's int64) or bool
    const values = v.dataSync();
    const dtype: TorchDtype = v.dtype === "int32" ? "int64" : v.dtype === "bool" ? "bool" : "float32";
    return { dtype, shape: [...v.shape], values };
  }
  throw new InteropFormatError(
    `saveSafetensors: "${name}" is neither a Tensor nor {dtype, shape, data} (a bare Float32Array has no shape; pass module.stateDict() tensors)`,
  );
}

/** What the writers take: name → Tensor / TensorData / module.stateDict() value, or a module itself (its state_dict). */
export type NamedTensors = Record<string, ShapedValues | TensorData | Float32Array> | { stateDictTensors(): Record<string, TensorData | ShapedValues> };

export function namedTensorsOf(named: NamedTensors): Record<string, ShapedValues | TensorData | Float32Array> {
  const m = named as { stateDictTensors?: unknown };
  if (typeof m.stateDictTensors === "function") return (m.stateDictTensors as () => Record<string, ShapedValues | TensorData>)();
  return named as Record<string, ShapedValues | TensorData | Float32Array>;
}

/**
 * Serialises named tensors (fulgur Tensors or TensorData) as safetensors. Floating tensors are
 * written as F32 unless their TensorData says float64/float16/bfloat16 is wanted — fulgur keeps
 * float32, so F32 is the exact form.
 */
export function serializeSafetensors(named: NamedTensors, metadata: Record<string, string> = {}): Uint8Array {
  const tensors = namedTensorsOf(named);
  const entries = Object.keys(tensors).map((name) => ({ name, ...valuesOf(name, tensors[name]) }));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== "string") throw new InteropFormatError(`saveSafetensors: metadata "${k}" is not a string`);
    header.__metadata__ = metadata;
  }
  let offset = 0;
  const blocks: Array<[number, Uint8Array]> = [];
  for (const e of entries) {
    const dtype: TorchDtype = e.dtype === "int64" || e.dtype === "int32" || e.dtype === "int16" || e.dtype === "int8" || e.dtype === "uint8"
      ? "int64" : e.dtype === "bool" ? "bool" : "float32";
    const numel = e.shape.reduce((a, b) => a * b, 1);
    if (numel !== e.values.length) throw new InteropFormatError(`saveSafetensors: "${e.name}" has ${e.values.length} values for shape [${e.shape}]`);
    let bytes: Uint8Array = new Uint8Array(0);
    if (dtype === "float32" && LITTLE_ENDIAN && e.values instanceof Float32Array) {
      // float32 data is already its little-endian bytes: written as a view, copied once into the file
      bytes = new Uint8Array(e.values.buffer, e.values.byteOffset, numel * 4);
    } else bytes = new Uint8Array(numel * DTYPE_BYTES[dtype]);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!(dtype === "float32" && LITTLE_ENDIAN && e.values instanceof Float32Array)) for (let i = 0; i < numel; i++) {
      if (dtype === "float32") dv.setFloat32(i * 4, e.values[i], true);
      else if (dtype === "int64") dv.setBigInt64(i * 8, BigInt(Math.trunc(e.values[i])), true);
      else dv.setUint8(i, e.values[i] ? 1 : 0);
    }
    Object.defineProperty(header, e.name, {
      value: { dtype: TO_ST[dtype], shape: e.shape, data_offsets: [offset, offset + bytes.length] },
      enumerable: true, writable: true, configurable: true,
    });
    blocks.push([offset, bytes]);
    offset += bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8; // the data section starts 8-byte aligned, as the reference writer does
  if (pad) {
    const padded = new Uint8Array(json.length + pad).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const ov = new DataView(out.buffer);
  ov.setUint32(0, json.length, true);
  ov.setUint32(4, 0, true);
  out.set(json, 8);
  for (const [at, b] of blocks) out.set(b, 8 + json.length + at);
  return out;
}

/** Writes named tensors as a safetensors file (atomically) and returns the bytes. */
export async function saveSafetensors(
  named: NamedTensors, pathOrMetadata?: string | Record<string, string>, metadata?: Record<string, string>,
): Promise<Uint8Array> {
  const meta = typeof pathOrMetadata === "object" ? pathOrMetadata : metadata;
  const bytes = serializeSafetensors(named, meta ?? {});
  if (typeof pathOrMetadata === "string") await writeBytes(pathOrMetadata, bytes);
  return bytes;
}
