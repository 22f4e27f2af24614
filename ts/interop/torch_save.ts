// torch.save's zip layout: <archive>/data.pkl, <archive>/data/<key> (raw storages),
// <archive>/version ("3"). The pickle writer emits only what the restricted reader accepts.
import { writeZip } from "./zip.ts";
import { pickle, type PickleInput } from "./pickle_writer.ts";
import { writeBytes } from "./bytes_source.ts";

export function serializeTorchFile(value: PickleInput, archive = "archive"): Uint8Array {
  const { pickle: pkl, storages } = pickle(value);
  const files: Array<[string, Uint8Array]> = [[`${archive}/data.pkl`, pkl]];
  for (const s of storages) files.push([`${archive}/data/${s.key}`, s.bytes]);
  files.push([`${archive}/version`, new TextEncoder().encode("3\n")]);
  return writeZip(files);
}

/** torch.save(value, path): writes atomically and returns the bytes. */
export async function torchSave(value: PickleInput, path?: string): Promise<Uint8Array> {
  const bytes = serializeTorchFile(value);
  if (path !== undefined) await writeBytes(path, bytes);
  return bytes;
}
