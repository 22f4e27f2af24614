// Reading a checkpoint file of any kind fulgur accepts, told apart by its first bytes:
// a zip (a Lightning 1.9.5 `.ckpt`), else fulgur's JSON text.
import { parseCheckpoint, type Checkpoint } from "./format.ts";
import { CheckpointFormatError } from "./errors.ts";
import { isZipBytes, parseLightningCheckpoint } from "./lightning_read.ts";

/** Parses a checkpoint file's bytes (Lightning `.ckpt` zip or fulgur JSON). */
export function parseCheckpointBytes(bytes: Uint8Array, where: string): Checkpoint {
  if (isZipBytes(bytes)) return parseLightningCheckpoint(bytes, where);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CheckpointFormatError(`${where} is not a fulgur checkpoint: it is neither a zip (Lightning .ckpt) nor UTF-8 JSON text.`);
  }
  return parseCheckpoint(text, where);
}
