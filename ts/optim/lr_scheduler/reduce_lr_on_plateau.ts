// ReduceLROnPlateau (torch 1.13): multiply lr by `factor` once the metric has not improved
// for more than `patience` steps. Not an LRScheduler in torch; same state_dict contract.
import { ValueError } from "./errors.ts";
import { assertOptimizer } from "./lr_scheduler.ts";
import { formatEpoch, formatExp4, pyMax } from "./py_semantics.ts";
import { applyState, collectState, type SchedulerStateDict } from "./state.ts";
import type { Metric, SchedulableOptimizer } from "./types.ts";
import { EPOCH_DEPRECATION_WARNING, warnOnce } from "./warn.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

export type PlateauMode = "min" | "max";
export type ThresholdMode = "rel" | "abs";

/** ReduceLROnPlateau's options. */
export interface ReduceLROnPlateauOptions {
  mode?: PlateauMode;
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: ThresholdMode;
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
  verbose?: boolean;
}

/** torch.optim.lr_scheduler.ReduceLROnPlateau: the lr times `factor` when the monitored metric stops improving. */
export class ReduceLROnPlateau {
  factor: number;
  optimizer: SchedulableOptimizer;
  minLrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldownCounter: number;
  mode!: PlateauMode;
  threshold!: number;
  thresholdMode!: ThresholdMode;
  best: number;
  numBadEpochs: number;
  modeWorse!: number;
  eps: number;
  lastEpoch: number;
  protected lastLr?: number[];

  constructor(optimizer: SchedulableOptimizer, opts: ReduceLROnPlateauOptions = {}) {

    validateSchedulerOptions("ReduceLROnPlateau", opts);
    const factor = opts.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError("Factor should be < 1.0.");
    this.factor = factor;
    assertOptimizer(optimizer);
    this.optimizer = optimizer;
    const minLr = opts.minLr ?? 0;
    const n = optimizer.paramGroups.length;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new ValueError(`expected ${n} min_lrs, got ${minLr.length}`);
      this.minLrs = minLr.slice();
    } else {
      this.minLrs = new Array<number>(n).fill(minLr);
    }
    this.patience = opts.patience ?? 10;
    this.verbose = opts.verbose ?? false;
    this.cooldown = opts.cooldown ?? 0;
    this.cooldownCounter = 0;
    this.best = Infinity;
    this.numBadEpochs = 0;
    this.eps = opts.eps ?? 1e-8;
    this.lastEpoch = 0;
    this.initIsBetter(opts.mode ?? "min", opts.threshold ?? 1e-4, opts.thresholdMode ?? "rel");
    this.reset();
  }

  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  step(metrics: Metric, epoch?: number): void {
    const current = typeof metrics === "number" ? metrics : Number(metrics.item());
    if (epoch === undefined) epoch = this.lastEpoch + 1;
    else warnOnce(EPOCH_DEPRECATION_WARNING);
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(epoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = Number(group.lr);
      const newLr = pyMax(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) {
        group.lr = newLr;
        if (this.verbose) console.log(`Epoch ${formatEpoch(epoch)}: reducing learning rate of group ${i} to ${formatExp4(newLr)}.`);
      }
    });
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  isBetter(a: number, best: number): boolean {
    if (this.mode === "min" && this.thresholdMode === "rel") return a < best * (1.0 - this.threshold);
    if (this.mode === "min" && this.thresholdMode === "abs") return a < best - this.threshold;
    if (this.mode === "max" && this.thresholdMode === "rel") return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  private initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== "min" && mode !== "max") throw new ValueError(`mode ${mode} is unknown!`);
    if (thresholdMode !== "rel" && thresholdMode !== "abs") throw new ValueError(`threshold mode ${thresholdMode} is unknown!`);
    this.modeWorse = mode === "min" ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** torch 1.13 has no get_last_lr here; this returns the lrs after the last step (or the
   *  groups' current lrs before any step) for symmetry with LRScheduler. */
  getLastLr(): number[] {
    return (this.lastLr ?? this.optimizer.paramGroups.map((g) => g.lr)).slice();
  }

  /** Everything but the optimizer. `best` may be ±Infinity (not representable in JSON). */
  stateDict(): SchedulerStateDict {
    return collectState(this);
  }

  loadStateDict(sd: SchedulerStateDict): void {
    applyState(this, sd);
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
    // JSON.stringify turns the initial ±Infinity `best` into null; that can only have been the
    // mode's worst value (a finite metric always replaces it).
    if (this.best === null) this.best = this.modeWorse;
  }
}
