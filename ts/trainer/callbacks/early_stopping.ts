// Lightning 1.9.5's `EarlyStopping`: stops the fit when a monitored metric stops improving,
// crosses a stopping / divergence threshold or becomes non-finite; messages are Lightning's.
import { FulgurRuntimeError, MisconfigurationException } from "../errors.ts";
import type { Trainer } from "../trainer.ts";
import { rankZeroWarn } from "../warnings.ts";
import { Callback } from "./callback.ts";
import { formatNumber } from "./format_filename.ts";
import { checkKnownKeys } from "../../validation/options.ts";
import { validateEarlyStopping } from "../../validation/callback_options.ts";

/** EarlyStopping's options: monitor, minDelta, patience, mode, ... (Lightning's names in camelCase). */
export interface EarlyStoppingOptions {
  monitor: string;
  minDelta?: number;
  patience?: number;
  verbose?: boolean;
  mode?: "min" | "max";
  strict?: boolean;
  checkFinite?: boolean;
  stoppingThreshold?: number | null;
  divergenceThreshold?: number | null;
  checkOnTrainEpochEnd?: boolean | null;
  /** Receives the verbose messages (default console.log). */
  log?: (message: string) => void;
}

const f3 = (v: number) => formatNumber(v, ".3f", false);

/** Lightning's EarlyStopping: stops the fit when the monitored metric stops improving. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: boolean;
  readonly mode: "min" | "max";
  readonly strict: boolean;
  readonly checkFinite: boolean;
  readonly stoppingThreshold: number | null;
  readonly divergenceThreshold: number | null;
  waitCount = 0;
  stoppedEpoch = 0;
  bestScore: number;
  private checkOnTrainEpochEnd: boolean | null;
  private readonly log: (message: string) => void;

  constructor(opts: EarlyStoppingOptions) {
    super();

    checkKnownKeys("EarlyStopping", opts, ["monitor", "minDelta", "patience", "verbose", "mode", "strict", "checkFinite", "stoppingThreshold", "divergenceThreshold", "checkOnTrainEpochEnd", "log"]);
    if (opts !== null && typeof opts === "object") validateEarlyStopping(opts);
    if (opts === null || typeof opts !== "object" || typeof opts.monitor !== "string") {
      throw new MisconfigurationException("EarlyStopping needs a `monitor`: the name of a logged metric, e.g. new EarlyStopping({ monitor: 'val_loss' }).");
    }
    this.monitor = opts.monitor;
    this.patience = opts.patience ?? 3;
    this.verbose = opts.verbose ?? false;
    this.mode = opts.mode ?? "min";
    this.strict = opts.strict ?? true;
    this.checkFinite = opts.checkFinite ?? true;
    this.stoppingThreshold = opts.stoppingThreshold ?? null;
    this.divergenceThreshold = opts.divergenceThreshold ?? null;
    this.checkOnTrainEpochEnd = opts.checkOnTrainEpochEnd ?? null;
    this.log = opts.log ?? ((m) => console.log(m));
    if (this.mode !== "min" && this.mode !== "max") {
      throw new MisconfigurationException(`\`mode\` can be min, max, got ${this.mode}`);
    }
    const minDelta = opts.minDelta ?? 0;
    if (typeof minDelta !== "number" || Number.isNaN(minDelta)) throw new MisconfigurationException(`\`min_delta\` must be a number, got ${minDelta}`);
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new MisconfigurationException(`\`patience\` must be a non-negative integer, got ${this.patience}`);
    }
    // Lightning flips the sign so that `current - minDelta` compares with one operator
    this.minDelta = this.mode === "max" ? minDelta : -minDelta;
    this.bestScore = this.mode === "min" ? Infinity : -Infinity;
  }

  override get stateKey(): string {
    return `EarlyStopping{'monitor': '${this.monitor}', 'mode': '${this.mode}'}`;
  }

  private better(a: number, b: number): boolean {
    return this.mode === "min" ? a < b : a > b;
  }

  override setup(trainer: Trainer): void {
    if (this.checkOnTrainEpochEnd === null) {
      const v = trainer.valCheckInterval;
      this.checkOnTrainEpochEnd = (v === undefined || v === 1) && trainer.checkValEveryNEpoch === 1;
    }
  }

  override onTrainEpochEnd(trainer: Trainer): void {
    if (!this.checkOnTrainEpochEnd || trainer.sanityChecking) return;
    this.runEarlyStoppingCheck(trainer);
  }

  override onValidationEnd(trainer: Trainer): void {
    if (this.checkOnTrainEpochEnd || trainer.sanityChecking) return;
    this.runEarlyStoppingCheck(trainer);
  }

  override stateDict(): Record<string, unknown> {
    return { waitCount: this.waitCount, stoppedEpoch: this.stoppedEpoch, bestScore: this.bestScore, patience: this.patience };
  }

  override loadStateDict(state: Record<string, any>): void {
    this.waitCount = state.waitCount;
    this.stoppedEpoch = state.stoppedEpoch;
    this.bestScore = state.bestScore;
  }

  private runEarlyStoppingCheck(trainer: Trainer): void {
    const logs = trainer.callbackMetrics;
    if (!this.validateConditionMetric(logs)) return;
    const current = logs[this.monitor];
    const [shouldStop, reason] = this.evaluateStoppingCriteria(current);
    trainer.shouldStop = trainer.shouldStop || shouldStop;
    if (shouldStop) this.stoppedEpoch = trainer.currentEpoch;
    if (reason && this.verbose) this.log(reason);
  }

  private validateConditionMetric(logs: Record<string, number>): boolean {
    if (logs[this.monitor] !== undefined) return true;
    const msg =
      `Early stopping conditioned on metric \`${this.monitor}\` which is not available.` +
      ` Pass in or modify your \`EarlyStopping\` callback to use any of the following: \`${Object.keys(logs).join("`, `")}\``;
    if (this.strict) throw new FulgurRuntimeError(msg);
    if (this.verbose) rankZeroWarn(msg);
    return false;
  }

  private evaluateStoppingCriteria(current: number): [boolean, string | null] {
    const order = this.mode === "min" ? "<" : ">";
    if (this.checkFinite && !Number.isFinite(current)) {
      return [true, `Monitored metric ${this.monitor} = ${current} is not finite. Previous best value was ${f3(this.bestScore)}. Signaling Trainer to stop.`];
    }
    if (this.stoppingThreshold !== null && this.better(current, this.stoppingThreshold)) {
      return [true, `Stopping threshold reached: ${this.monitor} = ${current} ${order} ${this.stoppingThreshold}. Signaling Trainer to stop.`];
    }
    if (this.divergenceThreshold !== null && this.better(-current, -this.divergenceThreshold)) {
      return [true, `Divergence threshold reached: ${this.monitor} = ${current} ${order} ${this.divergenceThreshold}. Signaling Trainer to stop.`];
    }
    if (this.better(current - this.minDelta, this.bestScore)) {
      const reason = Number.isFinite(this.bestScore)
        ? `Metric ${this.monitor} improved by ${f3(Math.abs(this.bestScore - current))} >= min_delta = ${Math.abs(this.minDelta)}. New best score: ${f3(current)}`
        : `Metric ${this.monitor} improved. New best score: ${f3(current)}`;
      this.bestScore = current;
      this.waitCount = 0;
      return [false, reason];
    }
    this.waitCount++;
    if (this.waitCount >= this.patience) {
      return [true, `Monitored metric ${this.monitor} did not improve in the last ${this.waitCount} records. Best score: ${f3(this.bestScore)}. Signaling Trainer to stop.`];
    }
    return [false, null];
  }
}
