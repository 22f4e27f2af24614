// The Trainer's flags (Lightning's Trainer arguments in camelCase) and their validation.
import type { Callback } from "./callbacks/callback.ts";
import type { CheckpointIO } from "./checkpoint/checkpoint_io.ts";
import { FulgurError, FulgurTypeError, MisconfigurationException } from "./errors.ts";
import type { Logger } from "./callbacks/logger.ts";
import type { GradClipAlgorithm } from "./precision_plugin.ts";
import { rankZeroWarn } from "./warnings.ts";
import { closestKey } from "../validation/options.ts";
import type { Accelerator } from "../gpu/accelerator.ts";

/** The Trainer's options: Lightning's Trainer arguments in camelCase (unknown keys are rejected, naming the closest). */
export interface TrainerOptions {
  maxEpochs?: number | null;
  minEpochs?: number | null;
  maxSteps?: number;
  /** A factor, or an epoch → factor schedule (`{0: 1, 4: 2}`: Lightning's GradientAccumulationScheduler). */
  accumulateGradBatches?: number | Record<number, number>;
  gradientClipVal?: number | null;
  gradientClipAlgorithm?: GradClipAlgorithm | null;
  /** An integer = that many batches; a non-integer in (0, 1) = that fraction of the epoch (default: all). */
  limitTrainBatches?: number;
  limitValBatches?: number;
  /** Validate every n epochs; null = count valCheckInterval batches across epochs. */
  checkValEveryNEpoch?: number | null;
  /** An integer = every n training batches; a non-integer fraction = that part of an epoch (default: epoch end). */
  valCheckInterval?: number;
  /** Validation batches run before training as a sanity check (default 2; -1 = all). */
  numSanityValSteps?: number;
  /** Callbacks, called in this order before the LightningModule's hook of the same name. */
  callbacks?: Callback[];
  /** A logger (CSVLogger), a list of them, or false/true/undefined for none. */
  logger?: Logger | Logger[] | boolean;
  /** Loggers receive the step metrics every n batches that stepped (default 50, as Lightning). */
  logEveryNSteps?: number;
  /** Where checkpoints / logs go when no directory is given (default "."). */
  defaultRootDir?: string;
  /** true adds a ModelCheckpoint when none is in `callbacks` (default false: a fit writes no files unless asked). */
  enableCheckpointing?: boolean;
  /** Shows a ProgressBar; default: only when stdout is a terminal. */
  enableProgressBar?: boolean;
  /** Checks every op output and every gradient for NaN/Inf and raises naming the op / parameter. */
  detectAnomaly?: boolean;
  /** Checks every optimizer step's gradients for NaN/Inf before any parameter changes, naming the parameter (default true). */
  detectNonFinite?: boolean;
  /** File access for checkpoints and loggers (default: node:fs under Node/Deno/Bun). */
  checkpointIO?: CheckpointIO;
  /** "auto" | "webgpu" ("gpu") | "wasm" | "cpu" (ts/gpu/accelerator.ts); unset keeps the active tfjs backend. */
  accelerator?: Accelerator;
  // accepted for Lightning parity, no effect here
  devices?: number | string;
  enableModelSummary?: boolean;
  deterministic?: boolean;
}

const KNOWN = new Set([
  "maxEpochs", "minEpochs", "maxSteps", "accumulateGradBatches", "gradientClipVal", "gradientClipAlgorithm",
  "limitTrainBatches", "limitValBatches", "checkValEveryNEpoch", "valCheckInterval", "numSanityValSteps",
  "accelerator", "devices", "logger", "enableCheckpointing", "enableProgressBar", "enableModelSummary", "deterministic",
  "callbacks", "logEveryNSteps", "defaultRootDir", "detectAnomaly", "checkpointIO", "detectNonFinite",
]);

export interface ResolvedOptions {
  maxEpochs: number;
  minEpochs: number;
  maxSteps: number;
  /** null: not given (1, unless a GradientAccumulationScheduler callback is passed). */
  accumulateGradBatches: number | Record<number, number> | null;
  gradientClipVal: number | null;
  gradientClipAlgorithm: GradClipAlgorithm | null;
  limitTrainBatches: number | undefined;
  limitValBatches: number | undefined;
  checkValEveryNEpoch: number | null;
  valCheckInterval: number | undefined;
  numSanityValSteps: number;
  logEveryNSteps: number;
  defaultRootDir: string;
  detectAnomaly: boolean;
  detectNonFinite: boolean;
}

export function resolveTrainerOptions(opts: TrainerOptions): ResolvedOptions {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
    throw new FulgurTypeError(`Trainer takes its options as an object (new Trainer({ maxEpochs: 5 })), got ${opts === null ? "null" : Array.isArray(opts) ? "an array" : typeof opts}`);
  }
  for (const k of Object.keys(opts)) {
    if (!KNOWN.has(k)) {
      const near = closestKey(k, [...KNOWN]);
      throw new FulgurTypeError(`Trainer got an unexpected option '${k}'${near === null ? "" : ` (did you mean '${near}'?)`} (options are camelCase: ${[...KNOWN].join(", ")})`);
    }
  }
  const maxSteps = opts.maxSteps ?? -1;
  if (!Number.isInteger(maxSteps) || maxSteps < -1) {
    throw new MisconfigurationException(`\`max_steps\` must be a non-negative integer or -1 (infinite steps). You passed in ${maxSteps}.`);
  }
  let maxEpochs = opts.maxEpochs ?? null;
  if (maxEpochs === null) {
    if (maxSteps === -1) {
      rankZeroWarn("`max_epochs` was not set. Setting it to 1000 epochs. To train without an epoch limit, set `max_epochs=-1`.");
      maxEpochs = 1000;
    } else maxEpochs = -1;
  }
  if (!Number.isInteger(maxEpochs) || maxEpochs < -1) {
    throw new MisconfigurationException(`\`max_epochs\` must be a non-negative integer or -1. You passed in ${maxEpochs}.`);
  }
  const minEpochs = opts.minEpochs ?? 0;
  if (typeof minEpochs !== "number" || !Number.isInteger(minEpochs) || minEpochs < 0 || (maxEpochs !== -1 && minEpochs > maxEpochs)) {
    throw new MisconfigurationException(
      `\`min_epochs\` must be an integer >= 0 and at most \`max_epochs\` (${maxEpochs}). You passed in ${String(opts.minEpochs)}.`,
    );
  }
  const accumulateGradBatches = opts.accumulateGradBatches ?? null;
  if (typeof accumulateGradBatches === "number") {
    if (!Number.isInteger(accumulateGradBatches) || accumulateGradBatches < 1) {
      throw new MisconfigurationException(`\`accumulate_grad_batches\` must be a positive integer. Got ${accumulateGradBatches}.`);
    }
  } else if (accumulateGradBatches !== null && (typeof accumulateGradBatches !== "object" || Array.isArray(accumulateGradBatches))) {
    throw new MisconfigurationException(`\`accumulate_grad_batches\` should be an int or a dict. Got ${String(accumulateGradBatches)}.`);
  }
  const gradientClipVal = opts.gradientClipVal ?? null;
  if (gradientClipVal !== null && typeof gradientClipVal !== "number") {
    throw new FulgurTypeError(`\`gradient_clip_val\` should be an int or a float. Got ${gradientClipVal}.`);
  }
  if (gradientClipVal !== null && !(gradientClipVal >= 0 && Number.isFinite(gradientClipVal))) {
    throw new MisconfigurationException(`\`gradient_clip_val\` must be a finite number >= 0. Got ${gradientClipVal}.`);
  }
  let gradientClipAlgorithm = opts.gradientClipAlgorithm ?? null;
  if (gradientClipAlgorithm !== null && typeof gradientClipAlgorithm !== "string") {
    throw new MisconfigurationException(
      `\`gradient_clip_algorithm\` ${String(opts.gradientClipAlgorithm)} is invalid. Allowed algorithms: ['value', 'norm'].`,
    );
  }
  if (gradientClipAlgorithm !== null) {
    gradientClipAlgorithm = gradientClipAlgorithm.toLowerCase() as GradClipAlgorithm;
    if (gradientClipAlgorithm !== "norm" && gradientClipAlgorithm !== "value") {
      throw new MisconfigurationException(
        `\`gradient_clip_algorithm\` ${opts.gradientClipAlgorithm} is invalid. Allowed algorithms: ['value', 'norm'].`,
      );
    }
  }
  const checkValEveryNEpoch = opts.checkValEveryNEpoch === undefined ? 1 : opts.checkValEveryNEpoch;
  if (checkValEveryNEpoch !== null && (!Number.isInteger(checkValEveryNEpoch) || checkValEveryNEpoch < 1)) {
    throw new MisconfigurationException(`\`check_val_every_n_epoch\` should be an integer >= 1 or None. Found ${checkValEveryNEpoch}.`);
  }
  // Lightning's default val_check_interval is the float 1.0: counting batches across epochs needs an integer
  if (checkValEveryNEpoch === null && (opts.valCheckInterval === undefined || !Number.isInteger(opts.valCheckInterval))) {
    throw new MisconfigurationException(
      `\`val_check_interval\` should be an integer when \`check_val_every_n_epoch=None\`, found ${opts.valCheckInterval ?? "1.0"}.`,
    );
  }
  for (const [name, v] of [["limit_train_batches", opts.limitTrainBatches], ["limit_val_batches", opts.limitValBatches], ["val_check_interval", opts.valCheckInterval]] as const) {
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!Number.isInteger(v) && v > 1)) {
      throw new MisconfigurationException(`\`${name}\` must be an int >= 0 or a float in [0.0, 1.0]. Got ${String(v)}.`);
    }
  }
  const numSanityValSteps = opts.numSanityValSteps ?? 2;
  if (!Number.isInteger(numSanityValSteps) || numSanityValSteps < -1) {
    throw new FulgurError(`\`num_sanity_val_steps\` must be an integer >= -1. Got ${numSanityValSteps}.`);
  }
  const logEveryNSteps = opts.logEveryNSteps ?? 50;
  if (!Number.isInteger(logEveryNSteps) || logEveryNSteps < 1) {
    throw new MisconfigurationException(`\`log_every_n_steps\` must be a positive integer. Got ${logEveryNSteps}.`);
  }
  const defaultRootDir = opts.defaultRootDir ?? ".";
  if (typeof defaultRootDir !== "string" || defaultRootDir === "") {
    throw new FulgurTypeError(`\`default_root_dir\` must be a non-empty string. Got ${String(defaultRootDir)}.`);
  }
  if (opts.callbacks !== undefined && (!Array.isArray(opts.callbacks) || opts.callbacks.some((c) => c === null || typeof c !== "object"))) {
    throw new FulgurTypeError("`callbacks` must be a list of Callback objects.");
  }
  // an options object where a callback belongs ({ monitor: "val_loss" }) would be silently ignored
  const plain = (opts.callbacks ?? []).findIndex((c) => Object.getPrototypeOf(c) === Object.prototype || Object.getPrototypeOf(c) === null);
  if (plain >= 0) {
    throw new FulgurTypeError(`\`callbacks\` must be a list of Callback objects: item ${plain} is a plain object (${Object.keys(opts.callbacks![plain]).join(", ") || "empty"}); pass an instance, e.g. new EarlyStopping({ ... }).`);
  }
  for (const k of ["detectAnomaly", "detectNonFinite"] as const) {
    if (opts[k] !== undefined && typeof opts[k] !== "boolean") throw new FulgurTypeError(`\`${k}\` must be true or false. Got ${String(opts[k])}.`);
  }
  return {
    logEveryNSteps, defaultRootDir, detectAnomaly: opts.detectAnomaly === true, detectNonFinite: opts.detectNonFinite ?? true,
    maxEpochs, minEpochs, maxSteps, accumulateGradBatches, gradientClipVal, gradientClipAlgorithm,
    limitTrainBatches: opts.limitTrainBatches, limitValBatches: opts.limitValBatches,
    checkValEveryNEpoch, valCheckInterval: opts.valCheckInterval, numSanityValSteps,
  };
}

/** Lightning's limit rule: an integer caps the count; a fraction takes that part of a known length. */
export function applyLimit(length: number, limit: number | undefined, name: string): number {
  if (limit === undefined) return length;
  if (limit < 0) throw new MisconfigurationException(`\`${name}\` must be a non-negative number. Got ${limit}.`);
  if (Number.isInteger(limit)) return Math.min(length, limit);
  if (limit > 1) throw new MisconfigurationException(`\`${name}\` must be an integer or a float in [0.0, 1.0]. Got ${limit}.`);
  if (length === Infinity) return Infinity;
  const n = Math.floor(length * limit);
  if (n === 0 && limit > 0) {
    // Lightning refuses a fraction that leaves no batch
    const prefix = name.replace(/^limit_/, "").replace(/_batches$/, "");
    throw new MisconfigurationException(
      `You requested to check ${limit} of the \`${prefix}_dataloader\` but ${limit} * ${length} < 1. Please increase the` +
        ` \`${name}\` argument. Try at least \`${name}=${1 / length}\``,
    );
  }
  return n;
}
