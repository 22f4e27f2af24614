// A pickle writer (protocol 2, what torch.save uses) that emits only the types the restricted
// reader accepts: None, bool, int, float, str, list, tuple, dict / OrderedDict, and tensors as
// torch._utils._rebuild_tensor_v2 over persistent storage ids — so what fulgur writes, both
// torch.load and fulgur's own reader open.
import { InteropFormatError } from "./errors.ts";
import { PyDict, type TorchDtype } from "./pickle_values.ts";
import type { TensorData } from "./tensor_data.ts";
import { isTensorData } from "./tensor_data.ts";

/** A value to pickle: plain JS data; Maps and PyDicts keep key order (OrderedDict), tuples via `tuple()`. */
export type PickleInput =
  | null | undefined | boolean | number | bigint | string
  | PickleInput[] | { [k: string]: PickleInput } | Map<string | number, PickleInput> | PyDict | TensorData | PickleTuple | PickleFloat;

const TUPLE = Symbol("tuple");
export interface PickleTuple { [TUPLE]: PickleInput[] }
/** Marks a tuple (Python distinguishes tuples from lists). */
export const tuple = (...items: PickleInput[]): PickleTuple => ({ [TUPLE]: items });

/** Forces a Python float for an integral JS number (torch state dicts mix `lr: 0.1` and `step: 3`). */
export class PickleFloat {
  constructor(readonly value: number) {}
}
/** Marks a number as a Python float for torchSave (an integer-valued number is otherwise written as an int). */
export const pyFloat = (v: number): PickleFloat => new PickleFloat(v);

const STORAGE_NAME: Record<TorchDtype, string> = {
  float32: "FloatStorage", float16: "HalfStorage", bfloat16: "BFloat16Storage", float64: "DoubleStorage",
  int64: "LongStorage", int32: "IntStorage", int16: "ShortStorage", int8: "CharStorage", uint8: "ByteStorage", bool: "BoolStorage",
};

export interface PickledStorage {
  key: string;
  bytes: Uint8Array;
}

class Out {
  private buf = new Uint8Array(1024);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  byte(b: number): void { this.ensure(1); this.buf[this.len++] = b; }
  bytes(b: Uint8Array): void { this.ensure(b.length); this.buf.set(b, this.len); this.len += b.length; }
  u32(v: number): void { this.ensure(4); new DataView(this.buf.buffer).setUint32(this.len, v, true); this.len += 4; }
  i32(v: number): void { this.ensure(4); new DataView(this.buf.buffer).setInt32(this.len, v, true); this.len += 4; }
  f64be(v: number): void { this.ensure(8); new DataView(this.buf.buffer).setFloat64(this.len, v, false); this.len += 8; }
  result(): Uint8Array { return this.buf.slice(0, this.len); }
}

const enc = new TextEncoder();

/** Pickles `value`; tensors become storages returned beside the pickle (torch.save's data/<key> records). */
export function pickle(value: PickleInput): { pickle: Uint8Array; storages: PickledStorage[] } {
  const out = new Out();
  const storages: PickledStorage[] = [];
  let memoNext = 0;
  const put = (): void => {
    // memoise every container as pickle does (keeps the stream readable by any unpickler)
    if (memoNext < 256) { out.byte(0x71); out.byte(memoNext); } else { out.byte(0x72); out.u32(memoNext); }
    memoNext++;
  };
  const str = (s: string): void => {
    const b = enc.encode(s);
    out.byte(0x58); out.u32(b.length); out.bytes(b);
    put();
  };
  const global = (module: string, name: string): void => {
    out.byte(0x63); out.bytes(enc.encode(`${module}\n${name}\n`));
    put();
  };
  const int = (v: number | bigint): void => {
    if (typeof v === "number" && v >= 0 && v < 256) { out.byte(0x4b); out.byte(v); return; }
    if (typeof v === "number" && v >= -2147483648 && v <= 2147483647) { out.byte(0x4a); out.i32(v); return; }
    // LONG1: little-endian two's complement
    let x = BigInt(v);
    const bytes: number[] = [];
    for (;;) {
      bytes.push(Number(x & 0xffn));
      x >>= 8n;
      const sign = bytes[bytes.length - 1] & 0x80;
      if ((x === 0n && !sign) || (x === -1n && sign)) break;
    }
    out.byte(0x8a); out.byte(bytes.length); out.bytes(Uint8Array.from(bytes));
  };
  const float = (v: number): void => { out.byte(0x47); out.f64be(v); };

  const tensor = (t: TensorData): void => {
    const dtype: TorchDtype = t.dtype === "float16" || t.dtype === "bfloat16" || t.dtype === "float64" ? "float32"
      : t.data instanceof Float32Array ? "float32" : t.dtype === "bool" ? "bool" : "int64";
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new InteropFormatError(`pickle: a tensor of shape [${t.shape}] has ${t.data.length} values`);
    const size = dtype === "float32" ? 4 : dtype === "bool" ? 1 : 8;
    const bytes = new Uint8Array(n * size);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < n; i++) {
      if (dtype === "float32") dv.setFloat32(i * 4, t.data[i], true);
      else if (dtype === "int64") dv.setBigInt64(i * 8, BigInt(Math.trunc(t.data[i])), true);
      else dv.setUint8(i, t.data[i] ? 1 : 0);
    }
    const key = String(storages.length);
    storages.push({ key, bytes });
    global("torch._utils", "_rebuild_tensor_v2");
    out.byte(0x28); // MARK (args tuple)
    // persistent id ('storage', torch.XStorage, key, 'cpu', numel)
    out.byte(0x28);
    str("storage");
    global("torch", STORAGE_NAME[dtype]);
    str(key);
    str("cpu");
    int(n);
    out.byte(0x74); put(); // TUPLE
    out.byte(0x51); // BINPERSID
    int(0); // storage offset
    out.byte(0x28); for (const d of t.shape) int(d); out.byte(0x74); put(); // size
    const strides: number[] = [];
    let acc = 1;
    for (let i = t.shape.length - 1; i >= 0; i--) { strides.unshift(acc); acc *= t.shape[i]; }
    out.byte(0x28); for (const s of strides) int(s); out.byte(0x74); put(); // stride
    out.byte(0x89); // requires_grad False
    global("collections", "OrderedDict"); out.byte(0x29); out.byte(0x52); put(); // backward_hooks
    out.byte(0x74); put(); // args TUPLE
    out.byte(0x52); put(); // REDUCE
  };

  const dictItems = (entries: Iterable<[string | number | boolean | null, PickleInput]>, depth: number): void => {
    let batch = 0;
    out.byte(0x28);
    for (const [k, v] of entries) {
      if (typeof k === "number") (Number.isInteger(k) ? int(k) : float(k));
      else if (typeof k === "string") str(k);
      else if (typeof k === "boolean") out.byte(k ? 0x88 : 0x89);
      else if (k === null) out.byte(0x4e);
      else throw new InteropFormatError(`pickle: dict key ${String(k)} is not a str, int, bool or None`);
      write(v, depth + 1);
      if (++batch === 1000) { out.byte(0x75); out.byte(0x28); batch = 0; }
    }
    out.byte(0x75); // SETITEMS
  };

  const write = (v: PickleInput, depth: number): void => {
    if (depth > 200) throw new InteropFormatError("pickle: nesting deeper than 200 levels");
    if (v === null || v === undefined) { out.byte(0x4e); return; }
    if (typeof v === "boolean") { out.byte(v ? 0x88 : 0x89); return; }
    if (typeof v === "bigint") { int(v); return; }
    if (typeof v === "number") {
      if (Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) int(v);
      else float(v);
      return;
    }
    if (typeof v === "string") { str(v); return; }
    if (v instanceof PickleFloat) { float(v.value); return; }
    if (isTensorData(v)) { tensor(v); return; }
    if (Array.isArray(v)) {
      out.byte(0x5d); put();
      if (v.length) { out.byte(0x28); for (const x of v) write(x, depth + 1); out.byte(0x65); }
      return;
    }
    if (typeof v === "object" && TUPLE in v) {
      const items = (v as PickleTuple)[TUPLE];
      out.byte(0x28); for (const x of items) write(x, depth + 1); out.byte(0x74); put();
      return;
    }
    if (v instanceof PyDict && v.kind === "dict") {
      // a plain dict that may have int keys (an optimizer's per-parameter state)
      out.byte(0x7d); put();
      dictItems(v.map as Map<string | number, PickleInput>, depth);
      return;
    }
    if (v instanceof Map || v instanceof PyDict) {
      // OrderedDict: what torch's state_dict() returns
      global("collections", "OrderedDict"); out.byte(0x29); out.byte(0x52); put();
      const m = v instanceof PyDict ? v.map : v;
      dictItems(m as Map<string | number, PickleInput>, depth);
      return;
    }
    if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      out.byte(0x7d); put();
      dictItems(Object.entries(v as Record<string, PickleInput>), depth);
      return;
    }
    throw new InteropFormatError(`pickle: a value of type ${(v as object)?.constructor?.name ?? typeof v} cannot be written`);
  };

  out.byte(0x80); out.byte(2); // PROTO 2
  write(value, 0);
  out.byte(0x2e); // STOP
  return { pickle: out.result(), storages };
}
