// Tensor constructors (torch.tensor, zeros, ones, full, empty, arange, linspace, eye, *Like).
// dtype: "float32" | "int32" | "int64" (torch's long, stored as int32) | "bool".
import * as tf from "@tensorflow/tfjs-core";
import { Tensor } from "./tensor.ts";
import { FulgurRuntimeError, FulgurTypeError, ValueError } from "../errors.ts";
import { checkShapeFits } from "../backend/oom.ts";

/** The tensor dtypes: float32, int32, int64 (stored as int32) and bool. */
export type DType = "float32" | "int32" | "int64" | "bool";

type Nested = number | boolean | Nested[];

/** Options of the tensor factories: dtype and requiresGrad. */
export interface TensorOptions {
  requiresGrad?: boolean;
  dtype?: DType;
}

/** The tfjs dtype that stores a torch dtype (int64 lives in int32). */
export function storageDtype(d: DType | tf.DataType | undefined, dflt: tf.DataType = "float32"): tf.DataType {
  if (d === undefined) return dflt;
  if (d === "int64" || d === "int32") return "int32";
  if (d === "float32" || d === "bool") return d;
  throw new FulgurTypeError(`unsupported dtype '${d}' (fulgur has float32, int32, int64 (stored as int32) and bool)`);
}

/** Wraps a value, applying requiresGrad with torch's rule (floating point tensors only). */
function finish(value: tf.Tensor, opts: TensorOptions): Tensor {
  const rg = opts.requiresGrad ?? false;
  if (rg && value.dtype !== "float32") {
    value.dispose();
    throw new FulgurRuntimeError("Only Tensors of floating point and complex dtype can require gradients");
  }
  return new Tensor(value, rg);
}

function checkShape(shape: readonly number[]): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d)) throw new FulgurTypeError(`size must be a list of integers, got ${JSON.stringify(shape)}`);
    if (d < 0) throw new FulgurRuntimeError(`Trying to create tensor with negative dimension ${d}: [${shape.join(", ")}]`);
  }
  checkShapeFits(shape); // a named OutOfMemoryError, not tfjs's raw RangeError
  return shape.slice();
}

/** A row of nested data: an array or a typed array (rows of Float32Arrays are accepted). */
const isRow = (d: unknown): d is ArrayLike<Nested> => Array.isArray(d) || (ArrayBuffer.isView(d) && !(d instanceof DataView));

function inferShape(data: Nested): number[] {
  const shape: number[] = [];
  let d: unknown = data;
  while (isRow(d)) {
    shape.push(d.length);
    d = d[0];
  }
  return shape;
}

/** Flattens nested arrays, checking that every row has the same length (torch's message). */
function flattenChecked(data: Nested, shape: readonly number[]): Array<number | boolean> {
  const out: Array<number | boolean> = [];
  const walk = (d: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (isRow(d)) throw new ValueError(`expected sequence of length ${shape[depth - 1]} at dim ${depth - 1} (got ${d.length})`);
      out.push(d as number | boolean);
      return;
    }
    if (!isRow(d) || d.length !== shape[depth]) {
      throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${isRow(d) ? d.length : 1})`);
    }
    for (let i = 0; i < d.length; i++) walk(d[i], depth + 1);
  };
  walk(data, 0);
  return out;
}

/** torch's inference: all booleans → bool; all integers → int64 (int32 storage); otherwise float32. */
function inferDtype(values: ArrayLike<number | boolean>): tf.DataType {
  if (values.length === 0) return "float32";
  let allBool = true, allInt = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "boolean") continue;
    allBool = false;
    if (!Number.isInteger(v)) allInt = false;
  }
  return allBool ? "bool" : allInt ? "int32" : "float32";
}

function toTyped(values: ArrayLike<number | boolean>, dtype: tf.DataType): Float32Array | Int32Array | Uint8Array {
  const n = values.length;
  // a typed array converts element by element exactly as the loops below do, in one builtin call
  if (dtype === "float32" && ArrayBuffer.isView(values)) return new Float32Array(values as unknown as ArrayLike<number>);
  if (dtype === "int32" && values instanceof Int32Array) return values.slice();
  if (dtype === "float32") {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = Number(values[i]);
    return a;
  }
  if (dtype === "int32") {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = Math.trunc(Number(values[i]));
    return a;
  }
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = values[i] ? 1 : 0;
  return a;
}

/**
 * torch.tensor. Forms:
 * - `tensor(data, { dtype, requiresGrad })`: data is a number, a boolean, nested arrays or a
 *   typed array; the dtype is inferred as torch does (booleans → bool, integers → int64 stored
 *   as int32, otherwise float32). JavaScript cannot tell 1.0 from 1, so `[1, 2]` is an int64
 *   tensor, as torch.tensor([1, 2]); pass `dtype: "float32"` (or requiresGrad, which implies a
 *   floating point tensor) for floats. Float32Array data is float32, Int32Array int32.
 * - `tensor(flatOrNested, shape, opts)`: the older fulgur form; float32 unless opts.dtype says otherwise.
 */
export function tensor(data: Nested | ArrayLike<number> | ReadonlyArray<ArrayLike<number>> | Tensor, shapeOrOpts?: readonly number[] | TensorOptions, opts: TensorOptions = {}): Tensor {
  const legacy = Array.isArray(shapeOrOpts) || (shapeOrOpts === undefined && arguments.length >= 3);
  const o: TensorOptions = legacy || shapeOrOpts === undefined ? opts : (shapeOrOpts as TensorOptions);
  const givenShape = legacy ? (shapeOrOpts as readonly number[] | undefined) : undefined;
  if (data instanceof Tensor) {
    // torch.tensor(t): a detached copy (torch warns and suggests clone().detach())
    const d = storageDtype(o.dtype, data.dtype);
    return finish(d === data.dtype ? tf.clone(data.value) : tf.cast(data.value, d), o);
  }
  let values: ArrayLike<number | boolean>;
  let shape: number[];
  let inferred: tf.DataType;
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array || data instanceof Float64Array) {
    values = data;
    shape = givenShape ? checkShape(givenShape) : [data.length];
    inferred = data instanceof Int32Array ? "int32" : data instanceof Uint8Array ? "bool" : "float32";
  } else if (typeof data === "number" || typeof data === "boolean") {
    values = [data];
    shape = givenShape ? checkShape(givenShape) : [];
    inferred = inferDtype(values);
  } else if (Array.isArray(data)) {
    if (givenShape) {
      values = (data as unknown[]).flat(Infinity) as Array<number | boolean>;
      shape = checkShape(givenShape);
    } else {
      shape = inferShape(data as Nested);
      values = flattenChecked(data as Nested, shape);
    }
    inferred = inferDtype(values);
    // rows given as Float32Arrays mean floats whatever their values
    let leaf: unknown = data;
    while (Array.isArray(leaf)) leaf = leaf[0];
    if (leaf instanceof Float32Array || leaf instanceof Float64Array) inferred = "float32";
  } else {
    throw new FulgurTypeError(`tensor(): could not infer a tensor from ${typeof data}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) {
    throw new ValueError(`tensor(): shape [${shape.join(", ")}] needs ${size} values, got ${values.length}`);
  }
  // the legacy form and requiresGrad without a dtype mean float32 (JS has no 1.0 literal)
  const dflt = legacy || o.requiresGrad ? "float32" : inferred;
  const dtype = storageDtype(o.dtype, dflt);
  return finish(tf.tensor(toTyped(values, dtype), shape, dtype), o);
}

/** Reads torch's two size forms: (shape[], opts?) or (...sizes, opts?). */
function sizesAndOpts<O extends object>(args: ReadonlyArray<unknown>): [number[], O] {
  if (Array.isArray(args[0])) return [checkShape(args[0] as number[]), (args[1] ?? {}) as O];
  const sizes: number[] = [];
  let i = 0;
  while (i < args.length && typeof args[i] === "number") sizes.push(args[i++] as number);
  return [checkShape(sizes), (args[i] ?? {}) as O];
}

type SizeArgs = [shape: readonly number[], opts?: TensorOptions] | number[] | [...sizes: number[], opts: TensorOptions];

/** torch.zeros(size, { dtype, requiresGrad }): `zeros([2, 3])` or `zeros(2, 3)`. */
export function zeros(...args: SizeArgs): Tensor {
  const [shape, o] = sizesAndOpts<TensorOptions>(args);
  return finish(tf.zeros(shape, storageDtype(o.dtype)), o);
}

/** torch.ones(size, { dtype, requiresGrad }). */
export function ones(...args: SizeArgs): Tensor {
  const [shape, o] = sizesAndOpts<TensorOptions>(args);
  return finish(tf.ones(shape, storageDtype(o.dtype)), o);
}

/** torch.empty: fulgur fills it with zeros (torch leaves it uninitialised). */
export function empty(...args: SizeArgs): Tensor {
  return zeros(...args);
}

/** The dtype torch's full picks for a fill value (booleans → bool; numbers → float32: JS has no 1 vs 1.0). */
function fillDtype(v: number | boolean, d?: DType): tf.DataType {
  return storageDtype(d, typeof v === "boolean" ? "bool" : "float32");
}

function filled(shape: number[], v: number | boolean, dtype: tf.DataType): tf.Tensor {
  if (dtype === "bool") return tf.cast(tf.fill(shape, v ? 1 : 0, "int32"), "bool");
  return tf.fill(shape, dtype === "int32" ? Math.trunc(Number(v)) : Number(v), dtype);
}

/** torch.full(size, fillValue, { dtype, requiresGrad }): float32 unless fillValue is a boolean or dtype says otherwise. */
export function full(shape: readonly number[], fillValue: number | boolean, opts: TensorOptions = {}): Tensor {
  const s = checkShape(shape);
  return finish(filled(s, fillValue, fillDtype(fillValue, opts.dtype)), opts);
}

/** torch.zeros_like(t, { dtype, requiresGrad }): t's shape and (by default) dtype. */
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return finish(tf.zeros(t.shape, storageDtype(opts.dtype, t.dtype)), opts);
}

/** torch.ones_like: ones of `t`'s shape (dtype and requiresGrad from `opts`). */
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return finish(tf.ones(t.shape, storageDtype(opts.dtype, t.dtype)), opts);
}

/** torch.full_like: t's dtype unless opts.dtype says otherwise. */
export function fullLike(t: Tensor, fillValue: number | boolean, opts: TensorOptions = {}): Tensor {
  return finish(filled(t.shape, fillValue, storageDtype(opts.dtype, t.dtype)), opts);
}

/** torch.empty_like (zero-filled here). */
export function emptyLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zerosLike(t, opts);
}

/**
 * torch.arange(end) / arange(start, end, step = 1): values start + i·step for i < ceil((end -
 * start) / step), computed in float64 then stored. int64 when start, end and step are all
 * integers (as torch), float32 otherwise; opts.dtype overrides.
 */
export function arange(start: number, end?: number | TensorOptions, step?: number | TensorOptions, opts?: TensorOptions): Tensor {
  let s = start, e: number, st = 1;
  let o: TensorOptions = {};
  if (typeof end !== "number") {
    s = 0;
    e = start;
    o = (end as TensorOptions) ?? {};
  } else {
    e = end;
    if (typeof step === "number") {
      st = step;
      o = opts ?? {};
    } else {
      o = (step as TensorOptions) ?? {};
    }
  }
  if (st === 0) throw new FulgurRuntimeError("step must be nonzero");
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw new FulgurRuntimeError(`unsupported range: ${s} -> ${e}`);
  if ((st > 0 && e < s) || (st < 0 && e > s)) throw new FulgurRuntimeError("upper bound and larger bound inconsistent with step sign");
  const dtype = storageDtype(o.dtype, Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(st) ? "int32" : "float32");
  const n = Math.ceil((e - s) / st);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = s + i * st;
  return finish(tf.tensor(toTyped(values, dtype), [n], dtype), o);
}

/**
 * torch.linspace(start, end, steps): float32 values bit for bit as torch 1.13's CPU kernel (AVX2
 * build) computes them, in float32: step = (end - start) / (steps - 1); the first half counts up
 * from start, the second down from end (each a fused multiply-add); full blocks of 8 are written
 * as base + j·step from their first element (Vectorized::arange, two roundings), the tail
 * (steps mod 16) element by element.
 */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new FulgurRuntimeError("number of steps must be non-negative");
  const f = Math.fround;
  const a = f(start), b = f(end);
  const out = new Float32Array(steps);
  if (steps === 1) out[0] = a;
  else if (steps > 1) {
    const step = f(f(b - a) / (steps - 1));
    const half = Math.floor(steps / 2);
    // the element formula is compiled as a fused multiply-add (one rounding): a + step·i is
    // exact in float64 before the single rounding to float32 (step·i has at most 53 bits)
    const at = (i: number): number => (i < half ? f(a + step * i) : f(b - step * (steps - i - 1)));
    const V = 8;
    const vectorEnd = Math.floor(steps / (2 * V)) * 2 * V;
    for (let blk = 0; blk < vectorEnd; blk += V) {
      const base = at(blk);
      for (let j = 0; j < V; j++) out[blk + j] = f(base + f(j * step));
    }
    for (let i = vectorEnd; i < steps; i++) out[i] = at(i);
  }
  const dtype = storageDtype(opts.dtype);
  return finish(tf.tensor(dtype === "float32" ? out : toTyped(out, dtype), [steps], dtype), opts);
}

/** torch.eye(n, m = n): ones on the diagonal. */
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  const cols = typeof m === "number" ? m : n;
  const o = typeof m === "number" || m === undefined ? opts : m;
  if (!Number.isInteger(n) || n < 0) throw new FulgurRuntimeError(`n must be greater or equal to 0, got ${n}`);
  if (!Number.isInteger(cols) || cols < 0) throw new FulgurRuntimeError(`m must be greater or equal to 0, got ${cols}`);
  const dtype = storageDtype(o.dtype);
  const value = dtype === "bool" ? tf.cast(tf.eye(n, cols, undefined, "int32"), "bool") : tf.eye(n, cols, undefined, dtype);
  return finish(value, o);
}

/** Wraps a tf.Tensor (cast to float32 when it is not). */
export function fromTf(t: tf.Tensor, opts: TensorOptions = {}): Tensor {
  return new Tensor(t.dtype === "float32" ? t : tf.cast(t, "float32"), opts.requiresGrad ?? false);
}
