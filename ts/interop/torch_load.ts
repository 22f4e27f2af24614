// torch.load for the files torch.save writes (a zip: <archive>/data.pkl, <archive>/data/<key>
// storages, <archive>/version), through the restricted unpickler. Tensors become TensorData;
// everything else stays plain data (PyDict, arrays, numbers, strings, PyObject records).
import { ZipReader } from "./zip.ts";
import { unpickle, torchStoragePid } from "./pickle_reader.ts";
import { InteropFormatError } from "./errors.ts";
import { readElements } from "./dtype_convert.ts";
import { DTYPE_BYTES, PyAttr, PyDict, PyObject, PySet, TorchTensor, type PyValue } from "./pickle_values.ts";
import type { TensorData } from "./tensor_data.ts";
import { readSource, type BytesSource } from "./bytes_source.ts";

/** A loaded value: PyValue with every TorchTensor replaced by TensorData. */
export type Loaded = PyValue | TensorData | Loaded[] | LoadedDict;
export type LoadedDict = PyDict;

/** Reads a torch.save zip (or legacy) file's bytes into its unpickled values, with a restricted unpickler (no code runs). */
export function parseTorchFile(bytes: Uint8Array, what = "torch file"): Loaded {
  const zip = new ZipReader(bytes, what);
  const pkl = zip.names().filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkl.length !== 1) {
    throw new InteropFormatError(`${what}: expected one <archive>/data.pkl record, found ${pkl.length} (a legacy, non-zip torch.save file is not supported)`);
  }
  const prefix = pkl[0].slice(0, -"data.pkl".length);
  const root = unpickle(zip.read(pkl[0]), { persistentLoad: torchStoragePid, what: `${what} (${pkl[0]})` });
  const storageBytes = new Map<string, Uint8Array>();
  const storage = (t: TorchTensor): Uint8Array => {
    const key = t.storage.key;
    let b = storageBytes.get(key);
    if (b === undefined) {
      const name = `${prefix}data/${key}`;
      if (!zip.has(name)) throw new InteropFormatError(`${what}: tensor storage "${name}" is missing`);
      b = zip.read(name);
      const needed = t.storage.numel * DTYPE_BYTES[t.storage.dtype];
      if (b.length < needed) throw new InteropFormatError(`${what}: storage "${name}" has ${b.length} bytes, ${needed} needed`);
      storageBytes.set(key, b);
    }
    return b;
  };
  const seen = new Map<unknown, Loaded>();
  const convert = (v: PyValue, depth: number): Loaded => {
    if (depth > 200) throw new InteropFormatError(`${what}: nesting deeper than 200 levels`);
    if (v instanceof TorchTensor) {
      const cached = seen.get(v);
      if (cached !== undefined) return cached;
      const data = readElements(storage(v), v.storage.dtype, v.shape, v.stride, v.offset);
      const td: TensorData = { dtype: v.storage.dtype, shape: [...v.shape], data };
      seen.set(v, td);
      return td;
    }
    if (Array.isArray(v)) {
      const out = v.map((x) => convert(x, depth + 1));
      return (Object.isFrozen(v) ? Object.freeze(out) : out) as Loaded;
    }
    if (v instanceof PyDict) {
      const cached = seen.get(v);
      if (cached !== undefined) return cached;
      const d = new PyDict(v.kind);
      seen.set(v, d);
      for (const [k, x] of v.map) d.map.set(k, convert(x, depth + 1) as PyValue);
      d.attrs = v.attrs;
      return d;
    }
    if (v instanceof PyObject) {
      const cached = seen.get(v);
      if (cached !== undefined) return cached;
      const o = new PyObject(v.cls, v.args);
      seen.set(v, o);
      o.state = convert(v.state, depth + 1) as PyValue;
      return o;
    }
    if (v instanceof PyAttr || v instanceof PySet) return v;
    return v;
  };
  return convert(root, 0);
}

/** torch.load(bytes | path | URL) for zip-format torch.save files, restricted to plain data. */
export async function torchLoad(src: BytesSource): Promise<Loaded> {
  const { bytes, name } = await readSource(src);
  return parseTorchFile(bytes, name);
}

/** A torch state dict file (torch.save(model.state_dict())) → name → TensorData. */
export function stateDictFromLoaded(v: Loaded, what = "torch file"): Record<string, TensorData> {
  if (!(v instanceof PyDict)) throw new InteropFormatError(`${what}: the file does not hold a state dict (a dict of tensors)`);
  const out: Record<string, TensorData> = {};
  for (const [k, x] of v.map) {
    if (typeof k !== "string") throw new InteropFormatError(`${what}: state dict key ${String(k)} is not a string`);
    if (x === null || typeof x !== "object" || !("shape" in (x as object)) || !("data" in (x as object))) {
      throw new InteropFormatError(`${what}: state dict entry "${k}" is not a tensor`);
    }
    Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
