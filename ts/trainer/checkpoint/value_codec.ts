// JSON encoding of checkpoint values. JSON numbers round-trip every finite float64 exactly;
// what JSON cannot hold is tagged: a Float32Array becomes { "$f32": base64 of its
// little-endian bytes } and a non-finite number or -0 becomes { "$f64": "Infinity" | ... }.
import { CheckpointFormatError } from "./errors.ts";
import { base64ToFloat32, float32ToBase64 } from "./base64.ts";

// a Map, not an object: `name in {...}` also matches inherited names ("__proto__", "constructor"),
// which would hand a crafted checkpoint Object.prototype or a function (tags come from this closed list)
const SPECIAL = new Map<string, number>([["Infinity", Infinity], ["-Infinity", -Infinity], ["NaN", NaN], ["-0", -0]]);

const MAX_DEPTH = 256;

/** Sets an own data property: `out[k] = v` with k "__proto__" would replace the prototype instead. */
function defineOwn(out: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}

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
      defineOwn(out, k, encodeValue(x, `${path}.${k}`));
    }
    return out;
  }
  throw new CheckpointFormatError(`cannot store ${path} in a checkpoint: values of type ${typeof v} are not serialisable`);
}

/** Inverse of encodeValue. */
export function decodeValue(v: unknown, path = "checkpoint", depth = 0): unknown {
  // a crafted file nested thousands deep would otherwise end in a raw stack overflow
  if (depth > MAX_DEPTH) throw new CheckpointFormatError(`${path.slice(0, 200)} is nested more than ${MAX_DEPTH} levels deep: not a fulgur checkpoint`);
  if (Array.isArray(v)) return v.map((x, i) => decodeValue(x, `${path}[${i}]`, depth + 1));
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === "$f32") {
    const arr = typeof o.$f32 === "string" ? base64ToFloat32(o.$f32) : null;
    if (arr === null) throw new CheckpointFormatError(`${path} is not valid base64 float32 data`);
    return arr;
  }
  if (keys.length === 1 && keys[0] === "$f64") {
    const name = o.$f64;
    if (typeof name !== "string" || !SPECIAL.has(name)) {
      throw new CheckpointFormatError(`${path} holds an unknown special number ${JSON.stringify(name)?.slice(0, 40)} (expected one of ${[...SPECIAL.keys()].join(", ")})`);
    }
    return SPECIAL.get(name);
  }
  // only plain data comes out: own enumerable keys (JSON.parse makes "__proto__" an own key) into a fresh object
  const out: Record<string, unknown> = {};
  for (const k of keys) defineOwn(out, k, decodeValue(o[k], `${path}.${k}`, depth + 1));
  return out;
}
