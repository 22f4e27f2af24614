// Checkpoint files of every kind fulgur reads and writes, told apart by their first bytes on
// load: a zip (a Lightning 1.9.5 `.ckpt`), a safetensors file (fulgur's binary checkpoint) or
// JSON text (fulgur's text checkpoint).
import type { Trainer } from "../trainer.ts";
import type { CheckpointIO } from "./checkpoint_io.ts";
import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from "./format.ts";
import { CheckpointFormatError, CheckpointIOError } from "./errors.ts";
import { isZipBytes, parseLightningCheckpoint } from "./lightning_read.ts";
import { isSafetensorsBytes, parseBinaryCheckpoint, serializeBinaryCheckpoint } from "./binary_format.ts";
import { dumpCheckpoint, type SavePoint } from "./checkpoint_connector.ts";
import { serializeLightningCheckpoint } from "./lightning_write.ts";

/**
 * "json": one JSON document; "binary": float32 arrays as safetensors blocks (large models);
 * "lightning": a Lightning 1.9.5 `.ckpt` (torch.save zip) that Python Lightning resumes from.
 */
export type CheckpointFileFormat = "json" | "binary" | "lightning";

export interface SaveCheckpointOptions {
  weightsOnly?: boolean;
  /** Default "json". */
  format?: CheckpointFileFormat;
}

/** Parses a checkpoint file's bytes (Lightning `.ckpt` zip, fulgur binary or fulgur JSON). */
export function parseCheckpointBytes(bytes: Uint8Array, where: string): Checkpoint {
  if (isZipBytes(bytes)) return parseLightningCheckpoint(bytes, where);
  if (isSafetensorsBytes(bytes)) return parseBinaryCheckpoint(bytes, where);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CheckpointFormatError(`${where} is not a fulgur checkpoint: it is neither a zip (Lightning .ckpt), a safetensors file nor UTF-8 JSON text.`);
  }
  return parseCheckpoint(text, where);
}

/** Dumps the trainer's state at `at` and writes it to `path` in the chosen format (atomically, as the IO writes). */
export async function writeCheckpointFile(io: CheckpointIO, path: string, trainer: Trainer, at: SavePoint, opts: SaveCheckpointOptions): Promise<void> {
  const format = opts.format ?? "json";
  const weightsOnly = opts.weightsOnly ?? false;
  if (format === "json") {
    await io.write(path, serializeCheckpoint(dumpCheckpoint(trainer, at, weightsOnly)));
    return;
  }
  if (format !== "binary" && format !== "lightning") {
    throw new CheckpointFormatError(`unknown checkpoint format ${JSON.stringify(format)} (expected "json", "binary" or "lightning")`);
  }
  if (typeof io.writeBytes !== "function") {
    throw new CheckpointIOError(`this CheckpointIO has no writeBytes(): it cannot store a ${format} checkpoint (use format "json" or an IO with writeBytes).`);
  }
  const ckpt = dumpCheckpoint(trainer, at, weightsOnly, true);
  await io.writeBytes(path, format === "binary" ? serializeBinaryCheckpoint(ckpt) : serializeLightningCheckpoint(ckpt, optimizerParamShapes(trainer)));
}

/** Each optimizer's parameter shapes, indexed as its state dict numbers them. */
function optimizerParamShapes(trainer: Trainer): number[][][] {
  return trainer.optimizers.map((o: any) => {
    // stateDict() numbers parameters by position across the groups (start + i)
    const shapes: number[][] = [];
    for (const g of o?.paramGroups ?? []) for (const p of g.params) shapes.push([...p.shape]);
    return shapes;
  });
}
