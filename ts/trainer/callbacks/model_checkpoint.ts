// Lightning 1.9.5's `ModelCheckpoint`: saves every n training steps / every n epochs, keeps
// the top-k by a monitored metric (or the latest when there is no monitor) and optionally
// "last.ckpt". Writes go through trainer.saveCheckpoint, so during fit they happen at the end
// of the running batch / epoch (see docs/CHECKPOINT.md).
import { joinPath } from "../checkpoint/checkpoint_io.ts";
import { MisconfigurationException } from "../errors.ts";
import type { Trainer } from "../trainer.ts";
import { rankZeroWarn } from "../warnings.ts";
import { Callback } from "./callback.ts";
import { formatCheckpointName } from "./format_filename.ts";
import { checkKnownKeys } from "../../validation/options.ts";
import { validateModelCheckpoint } from "../../validation/callback_options.ts";

/** ModelCheckpoint's options: dirpath, filename, monitor, mode, saveTopK, saveLast, every n steps / epochs (Lightning's names in camelCase). */
export interface ModelCheckpointOptions {
  dirpath?: string | null;
  filename?: string | null;
  monitor?: string | null;
  verbose?: boolean;
  saveLast?: boolean;
  saveTopK?: number;
  saveWeightsOnly?: boolean;
  mode?: "min" | "max";
  autoInsertMetricName?: boolean;
  everyNTrainSteps?: number | null;
  everyNEpochs?: number | null;
  saveOnTrainEpochEnd?: boolean | null;
}

const FILE_EXTENSION = ".ckpt";
const NAME_LAST = "last";

/** Lightning's ModelCheckpoint: saves checkpoints (top-k by a monitored metric, last, every n steps or epochs). */
export class ModelCheckpoint extends Callback {
  dirpath: string | null;
  readonly filename: string | null;
  readonly monitor: string | null;
  readonly verbose: boolean;
  readonly saveLast: boolean;
  readonly saveTopK: number;
  readonly saveWeightsOnly: boolean;
  readonly mode: "min" | "max";
  readonly autoInsertMetricName: boolean;
  readonly everyNTrainSteps: number;
  readonly everyNEpochs: number;
  private readonly saveOnTrainEpochEnd: boolean | null;

  bestKModels: Record<string, number> = {};
  kthBestModelPath = "";
  bestModelScore: number | null = null;
  bestModelPath = "";
  lastModelPath = "";
  currentScore: number | null = null;
  private lastGlobalStepSaved = -1;
  /** Files this callback wrote and has not removed (Lightning asks the file system; writes here are deferred). */
  private written = new Set<string>();

  constructor(opts: ModelCheckpointOptions = {}) {
    super();

    checkKnownKeys("ModelCheckpoint", opts, ["dirpath", "filename", "monitor", "verbose", "saveLast", "saveTopK", "saveWeightsOnly", "mode", "autoInsertMetricName", "everyNTrainSteps", "everyNEpochs", "saveOnTrainEpochEnd"]);
    if (opts !== null && typeof opts === "object") validateModelCheckpoint(opts);
    this.dirpath = opts.dirpath ?? null;
    this.filename = opts.filename ?? null;
    this.monitor = opts.monitor ?? null;
    this.verbose = opts.verbose ?? false;
    this.saveLast = opts.saveLast ?? false;
    this.saveTopK = opts.saveTopK ?? 1;
    this.saveWeightsOnly = opts.saveWeightsOnly ?? false;
    this.mode = opts.mode ?? "min";
    this.autoInsertMetricName = opts.autoInsertMetricName ?? true;
    this.saveOnTrainEpochEnd = opts.saveOnTrainEpochEnd ?? null;
    if (!Number.isInteger(this.saveTopK) || this.saveTopK < -1) {
      throw new MisconfigurationException(`Invalid value for save_top_k=${this.saveTopK}. Must be >= -1`);
    }
    if (this.mode !== "min" && this.mode !== "max") {
      throw new MisconfigurationException(`\`mode\` can be min, max but got ${this.mode}`);
    }
    const steps = opts.everyNTrainSteps ?? null;
    const epochs = opts.everyNEpochs ?? null;
    if (steps !== null && (!Number.isInteger(steps) || steps < 0)) {
      throw new MisconfigurationException(`Invalid value for every_n_train_steps=${steps}. Must be >= 0`);
    }
    if (epochs !== null && (!Number.isInteger(epochs) || epochs < 0)) {
      throw new MisconfigurationException(`Invalid value for every_n_epochs=${epochs}. Must be >= 0`);
    }
    if (steps !== null && steps > 0 && epochs !== null && epochs > 0) {
      throw new MisconfigurationException(
        `Combination of parameters every_n_train_steps=${steps}, every_n_epochs=${epochs} and train_time_interval=None should be mutually exclusive.`,
      );
    }
    // Lightning: with neither given, save every epoch
    this.everyNEpochs = epochs ?? (steps === null ? 1 : 0);
    this.everyNTrainSteps = steps ?? 0;
    if (this.monitor === null && this.saveTopK !== -1 && this.saveTopK !== 0 && this.saveTopK !== 1) {
      throw new MisconfigurationException(
        `ModelCheckpoint(save_top_k=${this.saveTopK}, monitor=None) is not a valid configuration.` +
          " You can save the top-k checkpoints only if you provide a monitor.",
      );
    }
  }

  override get stateKey(): string {
    return `ModelCheckpoint{'monitor': ${this.monitor === null ? "None" : `'${this.monitor}'`}, 'mode': '${this.mode}',` +
      ` 'every_n_train_steps': ${this.everyNTrainSteps}, 'every_n_epochs': ${this.everyNEpochs},` +
      ` 'train_time_interval': None, 'save_on_train_epoch_end': ${this.saveOnTrainEpochEnd === null ? "None" : this.saveOnTrainEpochEnd ? "True" : "False"}}`;
  }

  override setup(trainer: Trainer): void {
    if (this.dirpath === null) {
      const logger = trainer.logger;
      this.dirpath = logger ? joinPath(logger.logDir, "checkpoints") : joinPath(trainer.defaultRootDir, "checkpoints");
    }
  }

  override onTrainBatchEnd(trainer: Trainer): void {
    if (this.shouldSkipSaving(trainer)) return;
    if (this.everyNTrainSteps < 1 || trainer.globalStep % this.everyNTrainSteps !== 0) return;
    const candidates = this.monitorCandidates(trainer);
    this.saveTopKCheckpoint(trainer, candidates);
    this.saveLastCheckpoint(trainer, candidates);
  }

  override onTrainEpochEnd(trainer: Trainer): void {
    if (!this.shouldSkipSaving(trainer) && this.shouldSaveOnTrainEpochEnd(trainer)) this.saveEpochCheckpoint(trainer);
  }

  override onValidationEnd(trainer: Trainer): void {
    if (!this.shouldSkipSaving(trainer) && !this.shouldSaveOnTrainEpochEnd(trainer)) this.saveEpochCheckpoint(trainer);
  }

  private saveEpochCheckpoint(trainer: Trainer): void {
    const candidates = this.monitorCandidates(trainer);
    if (this.everyNEpochs >= 1 && (trainer.currentEpoch + 1) % this.everyNEpochs === 0) this.saveTopKCheckpoint(trainer, candidates);
    this.saveLastCheckpoint(trainer, candidates);
  }

  override stateDict(): Record<string, unknown> {
    return {
      monitor: this.monitor, bestModelScore: this.bestModelScore, bestModelPath: this.bestModelPath,
      currentScore: this.currentScore, dirpath: this.dirpath, bestKModels: { ...this.bestKModels },
      kthBestModelPath: this.kthBestModelPath, kthValue: this.kthValue, lastModelPath: this.lastModelPath,
    };
  }

  override loadStateDict(state: Record<string, any>): void {
    if (state.dirpath !== this.dirpath && this.dirpath !== null) {
      rankZeroWarn(
        `The dirpath has changed from ${state.dirpath} to ${this.dirpath}, therefore \`best_model_score\`,` +
          " `kth_best_model_path`, `kth_value`, `last_model_path` and `best_k_models` won't be reloaded. Only `best_model_path` will be reloaded.",
      );
      this.bestModelPath = state.bestModelPath;
      return;
    }
    this.bestModelScore = state.bestModelScore;
    this.kthBestModelPath = state.kthBestModelPath;
    this.kthValue = state.kthValue;
    this.bestKModels = { ...state.bestKModels };
    this.lastModelPath = state.lastModelPath;
    this.bestModelPath = state.bestModelPath;
    this.currentScore = state.currentScore;
    for (const p of [...Object.keys(this.bestKModels), this.lastModelPath]) if (p) this.written.add(p);
  }

  kthValue: number | null = null;

  /** Lightning's `format_checkpoint_name`: dirpath/filename(-vN).ckpt */
  formatCheckpointName(metrics: Record<string, number>, filename: string | null = null, ver: number | null = null): string {
    let name = formatCheckpointName(filename ?? this.filename ?? "", metrics, this.autoInsertMetricName);
    if (ver !== null) name = `${name}-v${ver}`;
    return this.dirpath ? joinPath(this.dirpath, name + FILE_EXTENSION) : name + FILE_EXTENSION;
  }

  private shouldSkipSaving(trainer: Trainer): boolean {
    return trainer.sanityChecking || this.lastGlobalStepSaved === trainer.globalStep;
  }

  private shouldSaveOnTrainEpochEnd(trainer: Trainer): boolean {
    if (this.saveOnTrainEpochEnd !== null) return this.saveOnTrainEpochEnd;
    if (trainer.checkValEveryNEpoch !== 1) return false;
    if (!trainer.enableValidation) return true;
    const v = trainer.valCheckInterval;
    return v === undefined || v === 1;
  }

  private monitorCandidates(trainer: Trainer): Record<string, number> {
    return { ...trainer.callbackMetrics, epoch: trainer.currentEpoch, step: trainer.globalStep };
  }

  private saveTopKCheckpoint(trainer: Trainer, candidates: Record<string, number>): void {
    if (this.saveTopK === 0) return;
    if (this.monitor === null) {
      this.saveNoneMonitorCheckpoint(trainer, candidates);
      return;
    }
    if (!(this.monitor in candidates)) {
      const m =
        `\`ModelCheckpoint(monitor='${this.monitor}')\` could not find the monitored key in the returned metrics:` +
        ` [${Object.keys(candidates).map((k) => `'${k}'`).join(", ")}].` +
        ` HINT: Did you call \`log('${this.monitor}', value)\` in the \`LightningModule\`?`;
      if (trainer.enableValidation) throw new MisconfigurationException(m);
      rankZeroWarn(m);
      return;
    }
    const current = candidates[this.monitor];
    if (this.checkMonitorTopK(current)) this.updateBestAndSave(current, trainer, candidates);
  }

  private checkMonitorTopK(current: number): boolean {
    if (this.saveTopK === -1) return true;
    if (Object.keys(this.bestKModels).length < this.saveTopK) return true;
    const kth = this.bestKModels[this.kthBestModelPath];
    return this.mode === "min" ? current < kth : current > kth;
  }

  private updateBestAndSave(currentIn: number, trainer: Trainer, candidates: Record<string, number>): void {
    const k = this.saveTopK === -1 ? Object.keys(this.bestKModels).length + 1 : this.saveTopK;
    let delFilepath: string | null = null;
    if (Object.keys(this.bestKModels).length === k && k > 0) {
      delFilepath = this.kthBestModelPath;
      delete this.bestKModels[delFilepath];
    }
    const current = Number.isNaN(currentIn) ? (this.mode === "min" ? Infinity : -Infinity) : currentIn;
    const filepath = this.interpolatedFilepath(candidates, delFilepath);
    this.currentScore = current;
    this.bestKModels[filepath] = current;
    const entries = Object.entries(this.bestKModels);
    const worse = (a: number, b: number) => (this.mode === "min" ? a > b : a < b);
    if (entries.length === k) {
      // Python's max()/min() keep the first of equal keys
      let kth = entries[0];
      for (const e of entries) if (worse(e[1], kth[1])) kth = e;
      this.kthBestModelPath = kth[0];
      this.kthValue = kth[1];
    }
    let best = entries[0];
    for (const e of entries) if (worse(best[1], e[1])) best = e;
    this.bestModelPath = best[0];
    this.bestModelScore = best[1];
    if (this.verbose) {
      console.log(
        `Epoch ${trainer.currentEpoch}, global step ${trainer.globalStep}: '${this.monitor}' reached ${current}` +
          ` (best ${this.bestModelScore}), saving model to '${filepath}' as top ${k}`,
      );
    }
    this.save(trainer, filepath);
    if (delFilepath !== null && filepath !== delFilepath) this.remove(trainer, delFilepath);
  }

  private saveNoneMonitorCheckpoint(trainer: Trainer, candidates: Record<string, number>): void {
    const filepath = this.interpolatedFilepath(candidates, this.bestModelPath);
    const previous = this.bestModelPath;
    this.bestModelPath = filepath;
    this.save(trainer, filepath);
    if (this.saveTopK === 1 && previous && previous !== filepath) this.remove(trainer, previous);
  }

  private saveLastCheckpoint(trainer: Trainer, candidates: Record<string, number>): void {
    if (!this.saveLast) return;
    const filepath = this.formatCheckpointName(candidates, NAME_LAST);
    const previous = this.lastModelPath;
    this.lastModelPath = filepath;
    this.save(trainer, filepath);
    if (previous && previous !== filepath) this.remove(trainer, previous);
  }

  /** Lightning adds -v1, -v2... when the name exists (and is not the file about to be replaced). */
  private interpolatedFilepath(candidates: Record<string, number>, delFilepath: string | null): string {
    let filepath = this.formatCheckpointName(candidates);
    for (let ver = 1; this.written.has(filepath) && filepath !== delFilepath; ver++) {
      filepath = this.formatCheckpointName(candidates, null, ver);
    }
    return filepath;
  }

  private save(trainer: Trainer, filepath: string): void {
    this.lastGlobalStepSaved = trainer.globalStep;
    this.written.add(filepath);
    void trainer.saveCheckpoint(filepath, this.saveWeightsOnly).catch(() => {});
  }

  private remove(trainer: Trainer, filepath: string): void {
    this.written.delete(filepath);
    const io = trainer.checkpointIO;
    void trainer.enqueueIO(() => io.remove(filepath)).catch(() => {});
  }
}
