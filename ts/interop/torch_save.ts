// torch.save's zip layout: <archive>/data.pkl, <archive>/data/<key> (raw storages),
// <archive>/version ("3"). The pickle writer emits only what the restricted reader accepts.
import { writeZip } from "./zip.ts";
import { pickle, type PickleInput } from "./pickle_writer.ts";
import { writeBytes } from "./bytes_source.ts";
import { PyDict } from "./pickle_values.ts";
import { isTensorData, type TensorData } from "./tensor_data.ts";

/** The bytes of a torch.save zip file holding `value` (tensors, dicts, lists, numbers), loadable by torch.load. */
export function serializeTorchFile(value: PickleInput, archive = "archive"): Uint8Array {
  const { pickle: pkl, storages } = pickle(value);
  const files: Array<[string, Uint8Array]> = [[`${archive}/data.pkl`, pkl]];
  for (const s of storages) files.push([`${archive}/data/${s.key}`, s.bytes]);
  files.push([`${archive}/version`, new TextEncoder().encode("3\n")]);
  return writeZip(files);
}

/** A module (its state_dict) or a `module.stateDict()` record (Float32Arrays with their shapes) → an OrderedDict of tensors. */
function stateDictInput(value: unknown): PickleInput | null {
  const named = (value as { stateDictTensors?: unknown })?.stateDictTensors;
  const rec = typeof named === "function" ? (named as () => Record<string, TensorData>).call(value) : value;
  if (rec === null || typeof rec !== "object" || Object.getPrototypeOf(rec) !== Object.prototype) return null;
  const entries = Object.entries(rec as Record<string, unknown>);
  const shaped = (v: unknown) => ArrayBuffer.isView(v) && Array.isArray((v as { shape?: unknown }).shape);
  if (entries.length === 0 || !entries.every(([, v]) => isTensorData(v) || shaped(v))) return null;
  const d = new PyDict("OrderedDict");
  for (const [k, v] of entries) {
    if (isTensorData(v)) { d.map.set(k, v as never); continue; }
    const a = v as Float32Array & { shape: number[]; dtype?: string };
    const td: TensorData = a.dtype === "int32" ? { dtype: "int64", shape: [...a.shape], data: Int32Array.from(a) } : { dtype: "float32", shape: [...a.shape], data: a };
    d.map.set(k, td as never);
  }
  return d;
}

/**
 * torch.save(value, path): writes atomically and returns the bytes. `value` may be plain data,
 * a module (saved as its state_dict) or `module.stateDict()`.
 */
export async function torchSave(value: PickleInput | { stateDictTensors(): unknown }, path?: string): Promise<Uint8Array> {
  const bytes = serializeTorchFile(stateDictInput(value) ?? (value as PickleInput));
  if (path !== undefined) await writeBytes(path, bytes);
  return bytes;
}
