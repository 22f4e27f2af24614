// The checkpoint file: one JSON document (docs/CHECKPOINT.md), or the binary form of
// ./binary_format.ts (the same state, float32 arrays as safetensors blocks). Lightning's checkpoint keys in
// camelCase plus `format` / `formatVersion` / `fulgurVersion`, checked on load.
import { CheckpointFormatError } from "./errors.ts";
import { decodeValue, encodeValue } from "./value_codec.ts";
import { validateCheckpointFields } from "./validate_checkpoint.ts";

/** The format tag written in every fulgur checkpoint. */
export const CHECKPOINT_FORMAT = "fulgur-checkpoint";
/** The checkpoint format's version (loaders refuse newer ones). */
export const CHECKPOINT_FORMAT_VERSION = 1;
/** fulgur's version, written into checkpoints. */
export const FULGUR_VERSION = "0.1.0";

/** A fulgur checkpoint: Lightning's checkpoint dict (state_dict, optimizer and scheduler states, loops, callbacks). */
export interface Checkpoint {
  format: string;
  formatVersion: number;
  fulgurVersion: string;
  epoch: number;
  globalStep: number;
  /** Model parameters by torch name. */
  stateDict: Record<string, Float32Array>;
  optimizerStates: Record<string, unknown>[];
  lrSchedulers: Record<string, unknown>[];
  /** Loop position (absent in a weights-only checkpoint). */
  loops: Record<string, unknown> | null;
  callbacks: Record<string, Record<string, unknown>>;
  hyperParameters: Record<string, unknown>;
  [extra: string]: unknown;
}

const REQUIRED: Array<[keyof Checkpoint, string]> = [
  ["epoch", "number"], ["globalStep", "number"], ["stateDict", "object"], ["optimizerStates", "array"],
  ["lrSchedulers", "array"], ["callbacks", "object"], ["hyperParameters", "object"],
];

/** A checkpoint as fulgur's JSON text (the format saveCheckpoint writes with format "json"). */
export function serializeCheckpoint(ckpt: Checkpoint): string {
  return JSON.stringify(encodeValue(ckpt));
}

/** Parses and validates a checkpoint file's text; `where` names the file in errors. */
export function parseCheckpoint(text: string, where: string): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CheckpointFormatError(
      `${where} is not a fulgur checkpoint: it is not valid JSON (${(e as Error).message}). The file may be truncated or damaged.`,
    );
  }
  return parseCheckpointObject(raw, where, true);
}

/**
 * Validates a checkpoint object (parsed JSON text, or a binary checkpoint's decoded state):
 * format, version, required fields. `encoded`: its values are still in the JSON encoding.
 */
export function parseCheckpointObject(raw: unknown, where: string, encoded = false): Checkpoint {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CheckpointFormatError(`${where} is not a fulgur checkpoint: the top level is not a JSON object.`);
  }
  const r = raw as Record<string, unknown>;
  if (r.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointFormatError(
      `${where} is not a fulgur checkpoint: its "format" is ${JSON.stringify(r.format)}, expected "${CHECKPOINT_FORMAT}".`,
    );
  }
  if (typeof r.formatVersion !== "number" || !Number.isInteger(r.formatVersion)) {
    throw new CheckpointFormatError(`${where} has no integer "formatVersion".`);
  }
  if (r.formatVersion > CHECKPOINT_FORMAT_VERSION || r.formatVersion < 1) {
    throw new CheckpointFormatError(
      `${where} has checkpoint format version ${r.formatVersion} (written by fulgur ${String(r.fulgurVersion)}),` +
        ` but this fulgur ${FULGUR_VERSION} reads versions 1..${CHECKPOINT_FORMAT_VERSION}. Upgrade fulgur to load it.`,
    );
  }
  const ckpt = (encoded ? decodeValue(r, where) : r) as Checkpoint;
  for (const [key, type] of REQUIRED) {
    const v = ckpt[key];
    const ok = type === "array" ? Array.isArray(v) : type === "object" ? v !== null && typeof v === "object" && !Array.isArray(v) : typeof v === type;
    if (!ok) throw new CheckpointFormatError(`${where} is damaged: "${key}" should be ${type === "array" ? "an array" : `a${type === "object" ? "n" : ""} ${type}`}.`);
  }
  for (const [name, v] of Object.entries(ckpt.stateDict)) {
    if (!(v instanceof Float32Array)) throw new CheckpointFormatError(`${where} is damaged: stateDict["${name}"] is not float32 data.`);
  }
  if (ckpt.loops !== null && (typeof ckpt.loops !== "object" || Array.isArray(ckpt.loops))) {
    throw new CheckpointFormatError(`${where} is damaged: "loops" should be an object or null.`);
  }
  validateCheckpointFields(ckpt, where);
  return ckpt;
}
