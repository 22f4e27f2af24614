// The Trainer's flags (Lightning's Trainer arguments in camelCase) and their validation.
import { FulgurError, MisconfigurationException } from "./errors.ts";
import type { GradClipAlgorithm } from "./precision_plugin.ts";
import { rankZeroWarn } from "./warnings.ts";

export interface TrainerOptions {
  maxEpochs?: number | null;
  minEpochs?: number | null;
  maxSteps?: number;
  accumulateGradBatches?: number;
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
  // accepted for Lightning parity, no effect here
  accelerator?: string;
  devices?: number | string;
  logger?: boolean;
  enableCheckpointing?: boolean;
  enableProgressBar?: boolean;
  enableModelSummary?: boolean;
  deterministic?: boolean;
}

const KNOWN = new Set([
  "maxEpochs", "minEpochs", "maxSteps", "accumulateGradBatches", "gradientClipVal", "gradientClipAlgorithm",
  "limitTrainBatches", "limitValBatches", "checkValEveryNEpoch", "valCheckInterval", "numSanityValSteps",
  "accelerator", "devices", "logger", "enableCheckpointing", "enableProgressBar", "enableModelSummary", "deterministic",
]);

export interface ResolvedOptions {
  maxEpochs: number;
  minEpochs: number;
  maxSteps: number;
  accumulateGradBatches: number;
  gradientClipVal: number | null;
  gradientClipAlgorithm: GradClipAlgorithm | null;
  limitTrainBatches: number | undefined;
  limitValBatches: number | undefined;
  checkValEveryNEpoch: number | null;
  valCheckInterval: number | undefined;
  numSanityValSteps: number;
}

export function resolveTrainerOptions(opts: TrainerOptions): ResolvedOptions {
  for (const k of Object.keys(opts)) {
    if (!KNOWN.has(k)) throw new TypeError(`Trainer got an unexpected option '${k}' (options are camelCase: ${[...KNOWN].join(", ")})`);
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
  const accumulateGradBatches = opts.accumulateGradBatches ?? 1;
  if (!Number.isInteger(accumulateGradBatches) || accumulateGradBatches < 1) {
    throw new MisconfigurationException(`\`accumulate_grad_batches\` must be a positive integer. Got ${accumulateGradBatches}.`);
  }
  const gradientClipVal = opts.gradientClipVal ?? null;
  if (gradientClipVal !== null && typeof gradientClipVal !== "number") {
    throw new TypeError(`\`gradient_clip_val\` should be an int or a float. Got ${gradientClipVal}.`);
  }
  let gradientClipAlgorithm = opts.gradientClipAlgorithm ?? null;
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
  const numSanityValSteps = opts.numSanityValSteps ?? 2;
  if (!Number.isInteger(numSanityValSteps) || numSanityValSteps < -1) {
    throw new FulgurError(`\`num_sanity_val_steps\` must be an integer >= -1. Got ${numSanityValSteps}.`);
  }
  return {
    maxEpochs, minEpochs: opts.minEpochs ?? 0, maxSteps, accumulateGradBatches, gradientClipVal, gradientClipAlgorithm,
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
  return Math.floor(length * limit);
}
