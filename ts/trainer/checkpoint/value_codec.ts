// JSON encoding of checkpoint values. JSON numbers round-trip every finite float64 exactly;
// what JSON cannot hold is tagged: a Float32Array becomes { "$f32": base64 of its
// little-endian bytes } and a non-finite number or -0 becomes { "$f64": "Infinity" | ... }.
import { CheckpointFormatError } from "./errors.ts";
import { base64ToFloat32, float32ToBase64 } from "./base64.ts";

const SPECIAL: Record<string, number> = { Infinity: Infinity, "-Infinity": -Infinity, NaN: NaN, "-0": -0 };

function specialName(x: number): string | null {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0 && 1 / x < 0) return "-0";
  return null;
}

/** A JSON-safe copy of `v` (plain objects, arrays, numbers, strings, booleans, null, Float32Array). */
export function encodeValue(v: unknown, path = "checkpoint"): unknown {
  if (typeof v === "number") {
    const s = specialName(v);
    return s === null ? v : { $f64: s };
  }
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (v === undefined) return null;
  if (v instanceof Float32Array) return { $f32: float32ToBase64(v) };
  if (Array.isArray(v)) return v.map((x, i) => encodeValue(x, `${path}[${i}]`));
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x) => encodeValue(x));
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === "function" || x === undefined) continue;
      out[k] = encodeValue(x, `${path}.${k}`);
    }
    return out;
  }
  throw new CheckpointFormatError(`cannot store ${path} in a checkpoint: values of type ${typeof v} are not serialisable`);
}

/** Inverse of encodeValue. */
export function decodeValue(v: unknown, path = "checkpoint"): unknown {
  if (Array.isArray(v)) return v.map((x, i) => decodeValue(x, `${path}[${i}]`));
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === "$f32") {
    const arr = typeof o.$f32 === "string" ? base64ToFloat32(o.$f32) : null;
    if (arr === null) throw new CheckpointFormatError(`${path} is not valid base64 float32 data`);
    return arr;
  }
  if (keys.length === 1 && keys[0] === "$f64") {
    const name = o.$f64 as string;
    if (!(name in SPECIAL)) throw new CheckpointFormatError(`${path} holds an unknown special number "${name}"`);
    return SPECIAL[name];
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x, `${path}.${k}`);
  return out;
}
