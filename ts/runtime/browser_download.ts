// Browsers: hands a checkpoint to the user as a file download (the bytes saveCheckpoint writes),
// e.g. to move a run trained in a tab to Node, or to keep it outside the origin's IndexedDB.
import { FulgurRuntimeError } from "../errors.ts";
import { Trainer } from "../trainer/trainer.ts";
import { checkpointText } from "../trainer/checkpoint/checkpoint_text.ts";
import { serializeCheckpoint, type Checkpoint } from "../trainer/checkpoint/format.ts";

export interface DownloadCheckpointOptions {
  /** The file name the browser saves under; default "last.ckpt". */
  filename?: string;
  /** For a Trainer: weights and hyper-parameters only (as saveCheckpoint's weightsOnly). */
  weightsOnly?: boolean;
}

// Long enough for the browser to start reading the blob; the URL only frees memory after that.
const REVOKE_AFTER_MS = 60_000;

/**
 * Triggers a download of `source` as a checkpoint file. A Trainer is checkpointed exactly as
 * `trainer.saveCheckpoint` would (during fit: at the end of the running batch); a Checkpoint
 * object is serialised; a string is taken as checkpoint text already (e.g. `io.read(path)`).
 * Resolves to the text downloaded.
 */
export async function downloadCheckpoint(source: Trainer | Checkpoint | string, opts: DownloadCheckpointOptions = {}): Promise<string> {
  const doc = (globalThis as { document?: Document }).document;
  if (doc === undefined || typeof URL.createObjectURL !== "function") {
    throw new FulgurRuntimeError("downloadCheckpoint needs a browser page (document and URL.createObjectURL); in Node, Deno or Bun use trainer.saveCheckpoint(path).");
  }
  const text =
    typeof source === "string" ? source
    : source instanceof Trainer ? await checkpointText(source, opts.weightsOnly ?? false)
    : serializeCheckpoint(source);
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = doc.createElement("a");
  a.href = url;
  a.download = opts.filename ?? "last.ckpt";
  a.style.display = "none";
  (doc.body ?? doc.documentElement).appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return text;
}
