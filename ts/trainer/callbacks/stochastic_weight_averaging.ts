// Lightning 1.9.5's `StochasticWeightAveraging` callback: from epoch `swaEpochStart` on, a SWALR
// takes over the (single) optimizer's lr and, at every epoch start in the SWA window, the
// model's weights join a running average; at the end the average is copied into the model. With
// BatchNorm layers one extra epoch recomputes their running statistics for the averaged weights
// (no backward, no step), as Lightning does.
import * as tf from "@tensorflow/tfjs-core";
import { averageInto, equalAverage, isBatchNorm, resetBatchNormStats, SWALR, type AvgFn } from "../../optim/swa_utils.ts";
import { Tensor } from "../deps.ts";
import { MisconfigurationException } from "../errors.ts";
import type { LightningModule } from "../lightning_module.ts";
import { makeSchedulerConfig } from "../scheduler_config.ts";
import type { Trainer } from "../trainer.ts";
import { rankZeroWarn } from "../warnings.ts";
import { Callback } from "./callback.ts";
import { checkKnownKeys } from "../../validation/options.ts";
import { validateSwa } from "../../validation/callback_options.ts";

/** StochasticWeightAveraging's options: swaLrs, swaEpochStart, annealingEpochs, annealingStrategy, avgFn. */
export interface StochasticWeightAveragingOptions {
  /** The SWA learning rate: one for every param group, or one per group (each > 0). */
  swaLrs: number | number[];
  /** An integer n >= 1: start at the n-th epoch (0-based epoch n - 1); a fraction in [0, 1]: of maxEpochs (default 0.8). */
  swaEpochStart?: number;
  /** Epochs of SWALR annealing (default 10). */
  annealingEpochs?: number;
  annealingStrategy?: "cos" | "linear";
  /** `(averaged, current, numAveraged) => newAverage`; default: the equal-weight running mean. */
  avgFn?: AvgFn;
  /** Accepted for Lightning parity (the average lives where the model does). */
  device?: string | null;
}

/** Lightning's StochasticWeightAveraging: averages the weights from `swaEpochStart` with the SWALR schedule, then recomputes BatchNorm statistics. */
export class StochasticWeightAveraging extends Callback {
  /** How many weight sets are in the average (null until SWA starts). */
  nAveraged: number | null = null;
  private swaEpochStart: number;
  private swaLrs: number | number[];
  private readonly annealingEpochs: number;
  private readonly annealingStrategy: "cos" | "linear";
  private readonly avgFn: AvgFn;
  private modelContainsBatchNorm: boolean | null = null;
  /** The averaged weights, in `module.parameters()` order, and the buffers copied at setup. */
  private averageParams: Tensor[] | null = null;
  private averageBuffers: Array<[string, Tensor]> = [];
  private initialized = false;
  private swaScheduler: SWALR | null = null;
  private schedulerState: Record<string, unknown> | null = null;
  private initNAveraged = 0;
  private latestUpdateEpoch = -1;
  private momenta = new Map<object, unknown>();
  private maxEpochs = -1;
  private savedAccumulateGradBatches = 1;
  /** True while resuming with a saved SWALR: the checkpoint's scheduler state is this callback's to restore. */
  restoresSchedulerState = false;

  constructor(opts: StochasticWeightAveragingOptions) {
    super();

    checkKnownKeys("StochasticWeightAveraging", opts, ["swaLrs", "swaEpochStart", "annealingEpochs", "annealingStrategy", "avgFn", "device"]);
    if (opts !== null && typeof opts === "object") validateSwa(opts);
    const start = opts.swaEpochStart ?? 0.8;
    const errMsg = "swa_epoch_start should be a >0 integer or a float between 0 and 1.";
    // JS has one number type: an integer is Lightning's int, anything else its float
    if (typeof start !== "number" || Number.isNaN(start)) throw new MisconfigurationException(errMsg);
    if (Number.isInteger(start) && start < 1) throw new MisconfigurationException(errMsg);
    if (!Number.isInteger(start) && !(start >= 0 && start <= 1)) throw new MisconfigurationException(errMsg);
    const lrs = opts.swaLrs;
    const positive = (x: unknown) => typeof x === "number" && x > 0;
    if (!(Array.isArray(lrs) ? lrs.every(positive) : positive(lrs))) {
      throw new MisconfigurationException("The `swa_lrs` should a positive float, or a list of positive floats");
    }
    if (opts.avgFn !== undefined && opts.avgFn !== null && typeof opts.avgFn !== "function") {
      throw new MisconfigurationException("The `avg_fn` should be callable.");
    }
    if (opts.device !== undefined && opts.device !== null && typeof opts.device !== "string") {
      throw new MisconfigurationException(`device is expected to be a torch.device or a str. Found ${String(opts.device)}`);
    }
    this.swaEpochStart = start;
    this.swaLrs = Array.isArray(lrs) ? [...lrs] : lrs;
    this.annealingEpochs = opts.annealingEpochs ?? 10;
    this.annealingStrategy = opts.annealingStrategy ?? "cos";
    this.avgFn = opts.avgFn ?? equalAverage;
  }

  /** First SWA epoch, 0-based. */
  get swaStart(): number {
    return Math.max(this.swaEpochStart - 1, 0);
  }
  /** Last SWA epoch, 0-based. */
  get swaEnd(): number {
    return this.maxEpochs - 1;
  }

  static moduleContainsBatchNorm(module: LightningModule): boolean {
    return module.modules().some(isBatchNorm);
  }

  override setup(_trainer: Trainer, module: LightningModule, _stage: string): void {
    // Lightning deep-copies the module here: the average starts as the weights of this moment
    this.disposeAverage();
    this.averageParams = module.parameters().map((p) => new Tensor(tf.keep(tf.clone(p.value)), false));
    this.averageBuffers = module.namedBuffers().map(([n, b]) => [n, new Tensor(tf.keep(tf.clone(b.value)), false)]);
  }

  override onFitStart(trainer: Trainer, module: LightningModule): void {
    if (trainer.optimizers.length !== 1) throw new MisconfigurationException("SWA currently works with 1 `optimizer`.");
    if (trainer.lrSchedulerConfigs.length > 1) {
      throw new MisconfigurationException("SWA currently not supported for more than 1 `lr_scheduler`.");
    }
    if (!Number.isInteger(this.swaEpochStart)) this.swaEpochStart = Math.floor(trainer.maxEpochs * this.swaEpochStart);
    this.modelContainsBatchNorm = StochasticWeightAveraging.moduleContainsBatchNorm(module);
    this.maxEpochs = trainer.maxEpochs;
    // one more epoch recomputes the BatchNorm statistics of the averaged weights
    if (this.modelContainsBatchNorm) trainer.maxEpochs += 1;
    // resuming: the SWALR is rebuilt from its saved state at the next epoch start, so the
    // configured scheduler must not receive that state
    if (this.schedulerState !== null) {
      trainer.lrSchedulerConfigs.length = 0;
      this.restoresSchedulerState = true;
    }
  }

  override onTrainEpochStart(trainer: Trainer, module: LightningModule): void {
    const epoch = trainer.currentEpoch;
    if (!this.initialized && this.swaStart <= epoch && epoch <= this.swaEnd) {
      this.initialized = true;
      const optimizer = trainer.optimizers[0];
      const groups: Array<Record<string, unknown>> = optimizer.paramGroups;
      if (!Array.isArray(this.swaLrs)) this.swaLrs = new Array<number>(groups.length).fill(this.swaLrs);
      this.swaLrs.forEach((lr, i) => { if (groups[i]) groups[i]!.initialLr = lr; });
      this.swaScheduler = new SWALR(optimizer, {
        swaLr: this.swaLrs,
        annealEpochs: this.annealingEpochs,
        annealStrategy: this.annealingStrategy,
        // Lightning 1.9.5 passes last_epoch=max_epochs for "cos" (SWALR's lrs do not depend on it)
        lastEpoch: this.annealingStrategy === "cos" ? trainer.maxEpochs : -1,
      });
      if (this.schedulerState !== null) this.swaScheduler.loadStateDict(this.schedulerState);
      else if (epoch !== this.swaStart) {
        rankZeroWarn(
          "SWA is initializing after swa_start without any checkpoint data. " +
            "This may be caused by loading a checkpoint from an older version of PyTorch Lightning.",
        );
      }
      const config = makeSchedulerConfig(this.swaScheduler, { optIdx: 0 });
      if (trainer.lrSchedulerConfigs.length) {
        const current = trainer.lrSchedulerConfigs[0]!;
        if (current.interval !== "epoch" || current.frequency !== 1) {
          rankZeroWarn(`SWA is currently only supported every epoch. Found ${describeConfig(current)}`);
        }
        trainer.lrSchedulerConfigs[0] = config;
      } else {
        trainer.lrSchedulerConfigs.push(config);
      }
      if (this.nAveraged === null) this.nAveraged = this.initNAveraged;
    }
    if (this.swaStart <= epoch && epoch <= this.swaEnd && epoch > this.latestUpdateEpoch) {
      averageInto(this.averageParams!, module.parameters(), this.nAveraged!, this.avgFn);
      this.nAveraged! += 1;
      this.latestUpdateEpoch = epoch;
    }
    if (epoch === this.swaEnd + 1) {
      // the extra BatchNorm epoch: averaged weights in, statistics reset, one pass without steps
      this.transferWeights(module);
      this.resetBatchNormAndSaveState(module);
      trainer.numTrainingBatches += 1;
      trainer.fitLoop.skipBackward = true;
      this.savedAccumulateGradBatches = trainer.accumulateGradBatches;
      trainer.accumulateGradBatches = trainer.numTrainingBatches;
    }
  }

  override onTrainEpochEnd(trainer: Trainer): void {
    trainer.fitLoop.skipBackward = false;
  }

  override onTrainEnd(trainer: Trainer, module: LightningModule): void {
    // the trainer has counted the last epoch before this hook
    if (this.modelContainsBatchNorm && trainer.currentEpoch - 1 === this.swaEnd + 1) {
      trainer.accumulateGradBatches = this.savedAccumulateGradBatches;
      trainer.numTrainingBatches -= 1;
      trainer.maxEpochs -= 1;
      this.resetMomenta();
    } else if (trainer.currentEpoch - 1 === this.swaEnd) {
      this.transferWeights(module);
    }
  }

  /** Copies the averaged weights into the module's parameters. */
  private transferWeights(module: LightningModule): void {
    if (this.averageParams === null) return;
    averageInto(module.parameters(), this.averageParams, 0, this.avgFn);
  }

  private resetBatchNormAndSaveState(module: LightningModule): void {
    this.momenta = new Map();
    for (const m of module.modules()) {
      if (!isBatchNorm(m)) continue;
      resetBatchNormStats(m);
      this.momenta.set(m, (m as any).momentum);
      (m as any).momentum = null;
    }
  }

  private resetMomenta(): void {
    for (const [m, momentum] of this.momenta) (m as any).momentum = momentum;
  }

  override stateDict(): Record<string, unknown> {
    return {
      n_averaged: this.nAveraged ?? 0,
      latest_update_epoch: this.latestUpdateEpoch,
      scheduler_state: this.swaScheduler === null ? null : this.swaScheduler.stateDict(),
      average_model_state: this.averageParams === null ? null : {
        params: this.averageParams.map((t) => Array.from(t.dataSync())),
        buffers: Object.fromEntries(this.averageBuffers.map(([n, t]) => [n, Array.from(t.dataSync())])),
      },
    };
  }

  override loadStateDict(state: Record<string, unknown>): void {
    this.initNAveraged = state.n_averaged as number;
    this.latestUpdateEpoch = state.latest_update_epoch as number;
    this.schedulerState = (state.scheduler_state as Record<string, unknown> | null) ?? null;
    const avg = state.average_model_state as { params: number[][]; buffers: Record<string, number[]> } | null;
    if (avg === null || this.averageParams === null) return;
    avg.params.forEach((values, i) => {
      const t = this.averageParams![i];
      if (t) replaceValue(t, values);
    });
    for (const [n, t] of this.averageBuffers) if (avg.buffers[n]) replaceValue(t, avg.buffers[n]!);
  }

  private disposeAverage(): void {
    for (const t of this.averageParams ?? []) t.value.dispose();
    for (const [, t] of this.averageBuffers) t.value.dispose();
    this.averageParams = null;
    this.averageBuffers = [];
  }
}

function replaceValue(t: Tensor, values: number[]): void {
  const old = t.value;
  t.value = tf.keep(tf.tensor(values, old.shape, old.dtype));
  old.dispose();
}

function describeConfig(c: { interval: string; frequency: number; scheduler: any }): string {
  return `LRSchedulerConfig(scheduler=${c.scheduler?.constructor?.name}, interval='${c.interval}', frequency=${c.frequency})`;
}
