// fulgur's binary checkpoint: one safetensors file. Every float32 array of the checkpoint is a
// tensor block — the model's weights under their state_dict names (with their shapes, so torch's
// safetensors loader reads them directly), the rest (optimizer buffers, gradients) under
// "__fulgur__/<n>" — and the remaining trainer state is the JSON of the text format in the
// header's metadata, with {"$t": name} where a block was taken out. (docs/CHECKPOINT.md)
import { parseSafetensors, serializeSafetensors } from "../../interop/safetensors.ts";
import type { TensorData } from "../../interop/tensor_data.ts";
import { FulgurError } from "../../errors.ts";
import { CheckpointFormatError } from "./errors.ts";
import { decodeValue, encodeValue } from "./value_codec.ts";
import { CHECKPOINT_FORMAT, parseCheckpointObject, type Checkpoint } from "./format.ts";

const BLOB_PREFIX = "__fulgur__/";
/** Plain number arrays shorter than this stay in the JSON (a block's header entry costs more than it saves). */
const MIN_BLOCK = 16;

/** True for bytes that look like a safetensors file (an 8-byte header length, then a JSON object). */
export function isSafetensorsBytes(bytes: Uint8Array): boolean {
  // JSON text never holds zero bytes; a header length below 4 GiB has its high four bytes zero
  return bytes.length >= 10 && bytes[4] === 0 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0x7b;
}

/** The checkpoint as safetensors bytes. */
export function serializeBinaryCheckpoint(ckpt: Checkpoint): Uint8Array {
  const tensors: Record<string, TensorData> = {};
  const put = (name: string, data: Float32Array, shape: number[]): void => {
    Object.defineProperty(tensors, name, { value: { dtype: "float32", shape, data }, enumerable: true, writable: true, configurable: true });
  };
  const { stateDict, ...rest } = ckpt;
  const weights: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(stateDict)) {
    if (name.startsWith(BLOB_PREFIX)) throw new CheckpointFormatError(`a parameter named "${name}" cannot be stored in a binary checkpoint`);
    const shape = (v as { shape?: unknown }).shape;
    put(name, v, Array.isArray(shape) ? [...shape] : [v.length]);
    weights[name] = { $t: name };
  }
  let n = 0;
  // Float32Arrays (and float32-exact number arrays, as optimizers hand out their buffers) → blocks
  const lift = (v: unknown): unknown => {
    if (v instanceof Float32Array) {
      const name = `${BLOB_PREFIX}${n++}`;
      put(name, v, [v.length]);
      return { $t: name };
    }
    if (Array.isArray(v)) {
      if (v.length >= MIN_BLOCK && v.every((x) => typeof x === "number" && (Math.fround(x) === x || Number.isNaN(x)))) {
        const name = `${BLOB_PREFIX}${n++}`;
        put(name, Float32Array.from(v as number[]), [v.length]);
        return { $a: name }; // read back as a number array
      }
      return v.map(lift);
    }
    if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: lift(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  const state = encodeValue({ ...(lift(rest) as object), stateDict: weights });
  return serializeSafetensors(tensors, { format: CHECKPOINT_FORMAT, fulgur: JSON.stringify(state) });
}

/** Parses a binary checkpoint (validated like the JSON format); `where` names the file in errors. */
export function parseBinaryCheckpoint(bytes: Uint8Array, where: string): Checkpoint {
  let file;
  try {
    file = parseSafetensors(bytes, where, { copy: false }); // the blocks become the checkpoint's arrays
  } catch (e) {
    if (e instanceof FulgurError) throw new CheckpointFormatError(`${where} is not a readable fulgur checkpoint: ${e.message}`);
    throw e;
  }
  const { tensors, metadata } = file;
  if (metadata.format !== CHECKPOINT_FORMAT || typeof metadata.fulgur !== "string") {
    throw new CheckpointFormatError(`${where} is a safetensors file but not a fulgur checkpoint (its metadata has no "format": "${CHECKPOINT_FORMAT}"). Load weights from it with loadSafetensors().`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(metadata.fulgur);
  } catch (e) {
    throw new CheckpointFormatError(`${where} is damaged: its trainer state is not valid JSON (${(e as Error).message}).`);
  }
  const block = (name: unknown, path: string): Float32Array => {
    const t = typeof name === "string" && Object.prototype.hasOwnProperty.call(tensors, name) ? tensors[name] : undefined;
    if (t === undefined || !(t.data instanceof Float32Array)) throw new CheckpointFormatError(`${where} is damaged: ${path} refers to a missing float32 block ${JSON.stringify(name)}.`);
    return t.data;
  };
  const restore = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => restore(x, `${path}[${i}]`));
    if (v === null || typeof v !== "object" || ArrayBuffer.isView(v)) return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === "$t") {
      const data = block(o.$t, path);
      const shape = tensors[o.$t as string].shape;
      Object.defineProperty(data, "shape", { value: [...shape], enumerable: false });
      return data;
    }
    if (keys.length === 1 && keys[0] === "$a") return Array.from(block(o.$a, path));
    const out: Record<string, unknown> = {};
    for (const k of keys) Object.defineProperty(out, k, { value: restore(o[k], `${path}.${k}`), enumerable: true, writable: true, configurable: true });
    return out;
  };
  // special numbers ($f64) and small float32 arrays ($f32) as in the JSON format, then the blocks
  const decoded = restore(decodeValue(raw, where), "checkpoint");
  return parseCheckpointObject(decoded, where);
}
