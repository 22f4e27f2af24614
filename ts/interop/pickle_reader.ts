// A restricted unpickler (protocols 2–4): exactly what torch state dicts and Lightning
// checkpoints contain. Globals come from a fixed allow-list and become plain records; any other
// global, and every opcode that could run code by name (INST, OBJ, EXT*), is refused with an
// error naming it. Work is linear in the input (every opcode consumes bytes), so no file hangs it.
import { UnpicklingError } from "./errors.ts";
import {
  PyAttr, PyDict, PyGlobal, PyObject, PySet, TorchStorage, TorchTensor,
  type PyKey, type PyValue, type TorchDtype,
} from "./pickle_values.ts";

const STORAGE_DTYPES: Record<string, TorchDtype> = {
  FloatStorage: "float32", HalfStorage: "float16", BFloat16Storage: "bfloat16", DoubleStorage: "float64",
  LongStorage: "int64", IntStorage: "int32", ShortStorage: "int16", CharStorage: "int8", ByteStorage: "uint8",
  BoolStorage: "bool",
};

const OPTIMIZERS = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop", "LBFGS"];
const SCHEDULERS = [
  "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
  "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR", "SequentialLR", "ChainedScheduler",
  "ReduceLROnPlateau", "SWALR",
];

/** module → names a pickle may refer to. Classes listed here are recorded as PyObject, never built. */
const ALLOWED: Record<string, readonly string[]> = {
  "collections": ["OrderedDict", "defaultdict"],
  "__builtin__": ["dict", "list", "set", "frozenset", "getattr", "tuple", "object"],
  "builtins": ["dict", "list", "set", "frozenset", "getattr", "tuple", "object"],
  "torch._utils": ["_rebuild_tensor_v2", "_rebuild_parameter"],
  "torch": Object.keys(STORAGE_DTYPES),
  "torch.optim.lr_scheduler": SCHEDULERS,
  "torch.optim.swa_utils": ["SWALR"],
  "pytorch_lightning.utilities.parsing": ["AttributeDict"],
  "lightning_fabric.utilities.data": ["AttributeDict"],
  ...Object.fromEntries(OPTIMIZERS.map((o) => [`torch.optim.${o === "LBFGS" ? "lbfgs" : o.toLowerCase()}`, [o]])),
};

function checkGlobal(module: string, name: string): PyGlobal {
  const names = Object.prototype.hasOwnProperty.call(ALLOWED, module) ? ALLOWED[module] : undefined;
  if (names === undefined || !names.includes(name)) {
    throw new UnpicklingError(
      `the pickle names the global '${module}.${name}', which fulgur's restricted unpickler does not load ` +
        "(it reads only state dicts and Lightning checkpoints, and never runs code from a file)",
    );
  }
  return new PyGlobal(module, name);
}

const MARK = Symbol("mark");
type StackItem = PyValue | typeof MARK;

export interface UnpickleOptions {
  /** resolves a BINPERSID id (torch: ('storage', StorageType, key, location, numel)) */
  persistentLoad?: (pid: PyValue) => PyValue;
  what?: string;
}

const MAX_MEMO = 1 << 22;

export function unpickle(bytes: Uint8Array, opts: UnpickleOptions = {}): PyValue {
  const what = opts.what ?? "pickle";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder("utf-8", { fatal: true });
  let pos = 0;
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();

  const fail = (msg: string): never => {
    throw new UnpicklingError(`${what}: ${msg} (at byte ${pos})`);
  };
  const need = (n: number): void => {
    if (n < 0 || pos + n > bytes.length) fail(`truncated: needed ${n} more bytes, ${bytes.length - pos} left`);
  };
  const u8 = (): number => { need(1); return bytes[pos++]; };
  const u16 = (): number => { need(2); const v = view.getUint16(pos, true); pos += 2; return v; };
  const u32 = (): number => { need(4); const v = view.getUint32(pos, true); pos += 4; return v; };
  const i32 = (): number => { need(4); const v = view.getInt32(pos, true); pos += 4; return v; };
  const u64 = (): number => {
    const lo = u32(), hi = u32();
    const v = hi * 2 ** 32 + lo;
    if (!Number.isSafeInteger(v)) fail("a length field beyond 2^53");
    return v;
  };
  const take = (n: number): Uint8Array => { need(n); const b = bytes.subarray(pos, pos + n); pos += n; return b; };
  const str = (n: number): string => {
    try {
      return dec.decode(take(n));
    } catch {
      return fail("a string that is not valid UTF-8");
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail("an unterminated text argument");
    const s = new TextDecoder("latin1").decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PyValue => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1])) fail("stack underflow");
    const v = stack.pop()!;
    if (v === MARK) fail("unexpected mark");
    return v as PyValue;
  };
  const top = (): PyValue => {
    if (stack.length === 0) fail("stack underflow");
    const v = stack[stack.length - 1];
    if (v === MARK) fail("unexpected mark");
    return v as PyValue;
  };
  const popMark = (): PyValue[] => {
    const m = marks.pop();
    if (m === undefined) fail("no mark on the stack");
    const items = stack.splice(m!) as PyValue[];
    return items;
  };
  const tuple = (items: PyValue[]): PyValue[] => Object.freeze(items) as PyValue[];
  const asKey = (k: PyValue): PyKey => {
    if (k === null || typeof k === "string" || typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return k;
    // tensors key a pickled optimizer's own `state` (inside a scheduler object): kept by identity
    if (k instanceof TorchTensor || Array.isArray(k)) return k as unknown as PyKey;
    return fail("a dict key that is not a plain value (str, int, float, bool, None, tuple or tensor)");
  };
  const setItems = (d: PyValue, items: PyValue[]): void => {
    if (!(d instanceof PyDict)) fail("SETITEM(S) on something that is not a dict");
    if (items.length % 2 !== 0) fail("SETITEMS with an odd number of items");
    for (let i = 0; i < items.length; i += 2) (d as PyDict).map.set(asKey(items[i]), items[i + 1]);
  };
  const appendItems = (l: PyValue, items: PyValue[]): void => {
    if (!Array.isArray(l) || Object.isFrozen(l)) fail("APPEND(S) on something that is not a list");
    (l as PyValue[]).push(...items);
  };
  const memoPut = (i: number, v: PyValue): void => {
    if (i > MAX_MEMO) fail(`memo index ${i} beyond the limit`);
    memo.set(i, v);
  };
  const memoGet = (i: number): PyValue => {
    if (!memo.has(i)) fail(`memo entry ${i} was never stored`);
    return memo.get(i)!;
  };
  const pushValue = (v: PyValue): void => {
    stack.push(v);
  };

  const call = (fn: PyValue, args: PyValue): PyValue => {
    if (!(fn instanceof PyGlobal)) return fail("REDUCE of something that is not an allowed global");
    if (!Array.isArray(args)) return fail(`arguments of ${fn.qualified} are not a tuple`);
    const a = args as PyValue[];
    switch (fn.qualified) {
      case "collections.OrderedDict":
      case "__builtin__.dict":
      case "builtins.dict":
      case "collections.defaultdict":
      case "pytorch_lightning.utilities.parsing.AttributeDict":
      case "lightning_fabric.utilities.data.AttributeDict": {
        const d = new PyDict(fn.name === "dict" ? "dict" : (fn.name as "OrderedDict" | "defaultdict" | "AttributeDict"));
        // OrderedDict(items): a list of (key, value) pairs; defaultdict(factory): the factory is ignored
        if (fn.name !== "defaultdict" && a.length === 1 && Array.isArray(a[0])) {
          for (const kv of a[0] as PyValue[]) {
            if (!Array.isArray(kv) || kv.length !== 2) fail(`${fn.qualified}: items must be (key, value) pairs`);
            d.map.set(asKey((kv as PyValue[])[0]), (kv as PyValue[])[1]);
          }
        } else if (a.length === 1 && a[0] instanceof PyDict && fn.name !== "defaultdict") {
          for (const [k, v] of (a[0] as PyDict).map) d.map.set(k, v);
        }
        return d;
      }
      case "__builtin__.list":
      case "builtins.list":
        return a.length === 0 ? [] : Array.isArray(a[0]) ? [...(a[0] as PyValue[])] : fail("list() of a non-list");
      case "__builtin__.tuple":
      case "builtins.tuple":
        return tuple(a.length === 0 ? [] : Array.isArray(a[0]) ? [...(a[0] as PyValue[])] : fail("tuple() of a non-list"));
      case "__builtin__.set":
      case "builtins.set":
      case "__builtin__.frozenset":
      case "builtins.frozenset":
        return new PySet(a.length === 0 ? [] : Array.isArray(a[0]) ? [...(a[0] as PyValue[])] : fail("set() of a non-list"), fn.name === "frozenset");
      case "__builtin__.getattr":
      case "builtins.getattr":
        if (a.length !== 2 || typeof a[1] !== "string") fail("getattr with unexpected arguments");
        return new PyAttr(a[0], a[1] as string);
      case "torch._utils._rebuild_tensor_v2":
        return rebuildTensor(a, fail);
      case "torch._utils._rebuild_parameter":
        if (!(a[0] instanceof TorchTensor)) fail("_rebuild_parameter of something that is not a tensor");
        return a[0];
      default:
        // allow-listed classes (optimizers, schedulers): recorded with their arguments, never built
        return new PyObject(fn, a);
    }
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: { // PROTO
        const v = u8();
        if (v > 4) fail(`pickle protocol ${v} is not supported (at most 4)`);
        break;
      }
      case 0x95: u64(); break; // FRAME: a length hint only
      case 0x2e: { // STOP
        const v = pop();
        return v;
      }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: pushValue(top()); break; // DUP
      case 0x4e: pushValue(null); break; // NONE
      case 0x88: pushValue(true); break; // NEWTRUE
      case 0x89: pushValue(false); break; // NEWFALSE
      case 0x4b: pushValue(u8()); break; // BININT1
      case 0x4d: pushValue(u16()); break; // BININT2
      case 0x4a: pushValue(i32()); break; // BININT
      case 0x49: { // INT (text): also protocol 0's booleans I01 / I00
        const s = line();
        if (s === "01") pushValue(true);
        else if (s === "00") pushValue(false);
        else if (/^-?\d+$/.test(s)) pushValue(toNumberOrBigInt(BigInt(s)));
        else fail(`bad INT argument "${s.slice(0, 20)}"`);
        break;
      }
      case 0x4c: { // LONG (text)
        const s = line().replace(/L$/, "");
        if (!/^-?\d+$/.test(s)) fail("bad LONG argument");
        pushValue(toNumberOrBigInt(BigInt(s)));
        break;
      }
      case 0x8a: pushValue(decodeLong(take(u8()))); break; // LONG1
      case 0x8b: { // LONG4
        const n = i32();
        if (n < 0) fail("negative LONG4 length");
        pushValue(decodeLong(take(n)));
        break;
      }
      case 0x47: { need(8); pushValue(view.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT (big-endian)
      case 0x46: { // FLOAT (text)
        const s = line();
        const v = Number(s);
        if (s.trim() === "" || (Number.isNaN(v) && s !== "nan")) fail("bad FLOAT argument");
        pushValue(v);
        break;
      }
      case 0x58: pushValue(str(u32())); break; // BINUNICODE
      case 0x8c: pushValue(str(u8())); break; // SHORT_BINUNICODE
      case 0x8d: pushValue(str(u64())); break; // BINUNICODE8
      case 0x54: { const n = i32(); if (n < 0) fail("negative length"); pushValue(new TextDecoder("latin1").decode(take(n))); break; } // BINSTRING
      case 0x55: pushValue(new TextDecoder("latin1").decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x42: pushValue(take(u32()).slice()); break; // BINBYTES
      case 0x43: pushValue(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x8e: pushValue(take(u64()).slice()); break; // BINBYTES8
      case 0x29: pushValue(tuple([])); break; // EMPTY_TUPLE
      case 0x85: pushValue(tuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(), a = pop(); pushValue(tuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); pushValue(tuple([a, b, c])); break; } // TUPLE3
      case 0x74: pushValue(tuple(popMark())); break; // TUPLE
      case 0x5d: pushValue([]); break; // EMPTY_LIST
      case 0x6c: pushValue(popMark()); break; // LIST
      case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
      case 0x7d: pushValue(new PyDict()); break; // EMPTY_DICT
      case 0x64: { const d = new PyDict(); setItems(d, popMark()); pushValue(d); break; } // DICT
      case 0x73: { const v = pop(), k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x8f: pushValue(new PySet([], false)); break; // EMPTY_SET
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof PySet) || s.frozen) fail("ADDITEMS on something that is not a set");
        (s as PySet).items.push(...items);
        break;
      }
      case 0x91: pushValue(new PySet(popMark(), true)); break; // FROZENSET
      case 0x71: memoPut(u8(), top()); break; // BINPUT
      case 0x72: memoPut(u32(), top()); break; // LONG_BINPUT
      case 0x70: { const s = line(); if (!/^\d+$/.test(s)) fail("bad PUT index"); memoPut(Number(s), top()); break; } // PUT
      case 0x94: memoPut(memo.size, top()); break; // MEMOIZE
      case 0x68: pushValue(memoGet(u8())); break; // BINGET
      case 0x6a: pushValue(memoGet(u32())); break; // LONG_BINGET
      case 0x67: { const s = line(); if (!/^\d+$/.test(s)) fail("bad GET index"); pushValue(memoGet(Number(s))); break; } // GET
      case 0x63: { // GLOBAL "module\nname\n"
        const module = line(), name = line();
        pushValue(checkGlobal(module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof name !== "string" || typeof module !== "string") fail("STACK_GLOBAL with non-string names");
        pushValue(checkGlobal(module as string, name as string));
        break;
      }
      case 0x52: { const args = pop(), fn = pop(); pushValue(call(fn, args)); break; } // REDUCE
      case 0x81: { // NEWOBJ cls.__new__(cls, *args)
        const args = pop(), cls = pop();
        if (!(cls instanceof PyGlobal)) fail("NEWOBJ of something that is not an allowed class");
        pushValue(call(cls, args));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        pop();
        const args = pop(), cls = pop();
        if (!(cls instanceof PyGlobal)) fail("NEWOBJ_EX of something that is not an allowed class");
        pushValue(call(cls, args));
        break;
      }
      case 0x62: { // BUILD: obj.__setstate__(state), recorded as data
        const state = pop();
        const obj = top();
        if (obj instanceof PyObject) obj.state = state;
        else if (obj instanceof PyDict) obj.attrs = state;
        else if (obj instanceof TorchTensor) { /* tensor attributes (hooks): nothing to keep */ }
        else fail("BUILD on a value that takes no state");
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        if (!opts.persistentLoad) fail("a persistent id in a pickle that should have none");
        pushValue(opts.persistentLoad!(pid));
        break;
      }
      case 0x50: fail("text persistent ids (PERSID) are not supported"); break;
      case 0x69: fail("the INST opcode (instantiates a class by name) is refused"); break;
      case 0x6f: fail("the OBJ opcode (instantiates a class) is refused"); break;
      case 0x82: case 0x83: case 0x84: fail("extension-registry opcodes (EXT1/2/4) are refused"); break;
      default: fail(`unknown or unsupported opcode 0x${op.toString(16).padStart(2, "0")}`);
    }
  }
}

function toNumberOrBigInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Python's little-endian two's-complement long. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return toNumberOrBigInt(v);
}

function rebuildTensor(a: PyValue[], fail: (m: string) => never): TorchTensor {
  const [storage, offset, size, stride, requiresGrad] = a;
  if (!(storage instanceof TorchStorage)) fail("_rebuild_tensor_v2: the first argument is not a storage");
  const ints = (v: PyValue, what: string): number[] => {
    if (!Array.isArray(v)) fail(`_rebuild_tensor_v2: ${what} is not a tuple`);
    return (v as PyValue[]).map((x) => {
      if (typeof x !== "number" || !Number.isInteger(x) || x < 0) fail(`_rebuild_tensor_v2: ${what} holds ${String(x)}`);
      return x as number;
    });
  };
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) fail("_rebuild_tensor_v2: bad storage offset");
  const shape = ints(size, "size"), strides = ints(stride, "stride");
  if (shape.length !== strides.length) fail("_rebuild_tensor_v2: size and stride differ in length");
  const st = storage as TorchStorage;
  // the furthest element the view reaches must lie inside the storage
  let last = offset as number;
  let empty = false;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) empty = true;
    else last += (shape[i] - 1) * strides[i];
  }
  if (!empty && last >= st.numel) fail(`a tensor of shape [${shape}] reaches element ${last} of a storage of ${st.numel}`);
  return new TorchTensor(st, offset as number, shape, strides, requiresGrad === true);
}

/** torch's persistent id for storages: ('storage', StorageType, key, location, numel). */
export function torchStoragePid(pid: PyValue): TorchStorage {
  if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== "storage") {
    throw new UnpicklingError("a persistent id that is not a torch storage reference");
  }
  const [, type, key, location, numel] = pid as PyValue[];
  if (!(type instanceof PyGlobal) || type.module !== "torch" || !(type.name in STORAGE_DTYPES)) {
    throw new UnpicklingError("a storage reference with an unknown storage type");
  }
  if (typeof key !== "string" || !/^[0-9A-Za-z_]+$/.test(key)) throw new UnpicklingError("a storage reference with a bad key");
  if (typeof numel !== "number" || !Number.isInteger(numel) || numel < 0) throw new UnpicklingError("a storage reference with a bad element count");
  return new TorchStorage(STORAGE_DTYPES[type.name], key, typeof location === "string" ? location : "cpu", numel);
}
