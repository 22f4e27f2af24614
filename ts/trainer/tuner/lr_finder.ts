// Lightning 1.9.5's learning-rate range test (tuner/lr_finder.py): with the user's optimizer,
// the lr grows from minLr to maxLr over numTraining steps (linear or exponential), the smoothed
// loss of every step is recorded, the search stops early when that loss diverges, and the model,
// optimizer and loop state are restored afterwards. suggestion() picks the steepest descent.
import { pow } from "../../backend/scalar_math.ts";
import { dumpCheckpoint, prefetchCheckpointData, restoreModelAndCallbacks, restoreTrainingState } from "../checkpoint/checkpoint_connector.ts";
import { Callback } from "../callbacks/callback.ts";
import { MisconfigurationException } from "../errors.ts";
import { isOverridden, type LightningModule } from "../lightning_module.ts";
import { FitLoop } from "../loops/fit_loop.ts";
import { makeSchedulerConfig } from "../scheduler_config.ts";
import type { Trainer } from "../trainer.ts";
import { rankZeroWarn } from "../warnings.ts";
import { ExponentialLRFinderScheduler, LinearLRFinderScheduler } from "./lr_finder_schedulers.ts";
import { lrLossSvg, type PlotOptions } from "./lr_plot.ts";

/** How lrFind grows the lr: exponentially or linearly. */
export type LRFindMode = "exponential" | "linear";

/** lrFind's options: the lr range, the number of steps, the mode, the early-stop threshold (Lightning's names in camelCase). */
export interface LRFindOptions {
  minLr?: number;
  maxLr?: number;
  numTraining?: number;
  mode?: LRFindMode;
  /** Stop when the smoothed loss exceeds this times the best one; null never stops (default 4). */
  earlyStopThreshold?: number | null;
  /** Write the suggestion into the model's `lr` / `learningRate` (field or hparams). */
  updateAttr?: boolean;
}

/** What lrFind returns (Lightning's `_LRFinder`): `results.lr`, `results.loss`, suggestion(), plot(). */
export class LRFinderResult {
  results: { lr: number[]; loss: number[] } = { lr: [], loss: [] };
  /** The index suggestion() picked last (null: not enough points). */
  optimalIdx: number | null = null;

  constructor(readonly mode: LRFindMode, readonly lrMin: number, readonly lrMax: number, readonly numTraining: number) {
    if (mode !== "linear" && mode !== "exponential") throw new MisconfigurationException("mode should be either `linear` or `exponential`");
  }

  /**
   * The lr at the steepest descent of the smoothed loss (numpy's gradient, argmin), after
   * dropping `skipBegin` points at the start and `skipEnd` at the end (Python slice
   * `[skipBegin:-skipEnd]`) and the non-finite ones; null when fewer than two points are left.
   */
  suggestion(skipBegin = 10, skipEnd = 1): number | null {
    const all = this.results.loss;
    const end = skipEnd === 0 ? 0 : Math.max(0, all.length - skipEnd);
    const losses = all.slice(Math.min(skipBegin, all.length), end).filter((l) => Number.isFinite(l));
    if (losses.length < 2) {
      rankZeroWarn(
        "Failed to compute suggestion for learning rate because there are not enough points. Increase the loop" +
          " iteration limits or the size of your dataset/dataloader.",
      );
      this.optimalIdx = null;
      return null;
    }
    // like Lightning, the index is into the filtered list shifted by skipBegin
    this.optimalIdx = argmin(npGradient(losses)) + skipBegin;
    return this.results.lr[this.optimalIdx] ?? null;
  }

  /** Loss against lr as an SVG document (log x-axis in exponential mode, the suggestion as a red dot). */
  plot(opts: PlotOptions = {}): string {
    const suggest = opts.suggest ?? true;
    const idx = suggest ? (this.suggestion(), this.optimalIdx) : null;
    return lrLossSvg(this.results.lr, this.results.loss, idx, { ...opts, suggest, logX: opts.logX ?? this.mode === "exponential" });
  }
}

/** numpy.gradient of a 1-D list with unit spacing (central inside, one-sided at the ends). */
function npGradient(f: number[]): number[] {
  const n = f.length;
  return f.map((_, i) => (i === 0 ? f[1]! - f[0]! : i === n - 1 ? f[n - 1]! - f[n - 2]! : (f[i + 1]! - f[i - 1]!) / 2));
}

function argmin(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[best]! || Number.isNaN(xs[i]!)) { best = i; if (Number.isNaN(xs[i]!)) break; }
  return best;
}

/** Records the lr before each step and the smoothed loss after it; flags divergence (Lightning's `_LRCallback`). */
export class LRFinderCallback extends Callback {
  readonly losses: number[] = [];
  readonly lrs: number[] = [];
  private avgLoss = 0;
  private bestLoss = 0;

  constructor(readonly numTraining: number, readonly earlyStopThreshold: number | null = 4.0, readonly beta = 0.98) {
    super();
  }

  override onTrainBatchStart(trainer: Trainer): void {
    if ((trainer.fitLoop.epochLoop.batchIdx + 1) % trainer.accumulateGradBatches !== 0) return;
    this.lrs.push((trainer.lrSchedulerConfigs[0]!.scheduler as LinearLRFinderScheduler).lr[0]!);
  }

  override async onTrainBatchEnd(trainer: Trainer): Promise<void> {
    if ((trainer.fitLoop.epochLoop.batchIdx + 1) % trainer.accumulateGradBatches !== 0) return;
    const lossTensor = trainer.fitLoop.lastRunningLoss as { value: { data(): Promise<ArrayLike<number>> } } | null;
    if (lossTensor === null) throw new MisconfigurationException("The LR finder found no training loss: `trainingStep` must return the loss.");
    const currentLoss = (await lossTensor.value.data())[0]!;
    const step = trainer.globalStep;
    // running average with bias correction, in float64 as Lightning's Python floats
    this.avgLoss = this.beta * this.avgLoss + (1 - this.beta) * currentLoss;
    const smoothed = this.avgLoss / (1 - pow(this.beta, step + 1));
    if (this.earlyStopThreshold !== null && step > 1 && smoothed > this.earlyStopThreshold * this.bestLoss) {
      trainer.shouldStop = true;
    }
    if (smoothed < this.bestLoss || step === 1) this.bestLoss = smoothed;
    this.losses.push(smoothed);
  }
}

const LR_ATTRS = ["lr", "learningRate"] as const;

function lrAttrName(model: LightningModule): string {
  for (const attr of LR_ATTRS) {
    if (attr in model || (model.hparams && attr in model.hparams)) return attr;
  }
  throw new MisconfigurationException(
    "When `auto_lr_find=True`, either `model` or `model.hparams` should have one of these fields: ('lr', 'learningRate') overridden.",
  );
}

/**
 * Runs the range test on a trainer whose fit has configured its optimizers (called from the
 * Tuner's onFitStart). Everything it changes is restored before it returns.
 */
export async function lrFind(trainer: Trainer, model: LightningModule, opts: LRFindOptions = {}): Promise<LRFinderResult> {
  const minLr = opts.minLr ?? 1e-8;
  const maxLr = opts.maxLr ?? 1;
  const numTraining = opts.numTraining ?? 100;
  const mode = opts.mode ?? "exponential";
  const earlyStopThreshold = opts.earlyStopThreshold === undefined ? 4.0 : opts.earlyStopThreshold;
  const lrAttr = opts.updateAttr ? lrAttrName(model) : null;
  const result = new LRFinderResult(mode, minLr, maxLr, numTraining);

  // the state to come back to (Lightning writes a checkpoint file; this one stays in memory)
  await prefetchCheckpointData(trainer);
  const initial = dumpCheckpoint(trainer, { midEpoch: false });
  const startSteps = trainer.globalStep;
  const saved = {
    lrSchedulerConfigs: trainer.lrSchedulerConfigs, optimizerFrequencies: trainer.optimizerFrequencies,
    callbacks: [...trainer.callbacks], loggers: [...trainer.loggers], maxSteps: trainer.maxSteps,
    limitValBatches: trainer.limitValBatches, fitLoop: trainer.fitLoop,
  };
  const callback = new LRFinderCallback(numTraining, earlyStopThreshold);
  trainer.optimizerFrequencies = [];
  trainer.callbacks.splice(0, trainer.callbacks.length, callback);
  trainer.loggers.length = 0;
  trainer.maxSteps = numTraining + startSteps;
  trainer.limitValBatches = numTraining;
  try {
    // the user's optimizer, its lr driven by the finder's scheduler at every step
    if (trainer.optimizers.length !== 1) {
      throw new MisconfigurationException(
        `\`model.configure_optimizers()\` returned ${trainer.optimizers.length}, but learning rate finder only works with single optimizer`,
      );
    }
    const optimizer = trainer.optimizers[0];
    for (const group of optimizer.paramGroups as Array<Record<string, unknown>>) {
      group.lr = minLr;
      group.initialLr = minLr;
    }
    const Scheduler = mode === "linear" ? LinearLRFinderScheduler : ExponentialLRFinderScheduler;
    trainer.lrSchedulerConfigs = [makeSchedulerConfig(new Scheduler(optimizer, maxLr, numTraining), { interval: "step", optIdx: 0 })];
    trainer.fitLoop = new FitLoop(trainer);
    trainer.shouldStop = false;
    trainer.tolerateNonFiniteLoss = true;
    const trainLoader = trainer.loadTrainLoader();
    // validation runs during the search as in Lightning (at most numTraining batches)
    if (isOverridden(model, "validationStep")) trainer.loadValLoader();
    await trainer.runFitLoop(trainLoader, false);
    result.results = { lr: callback.lrs.slice(), loss: callback.losses.slice() };
  } finally {
    trainer.lrSchedulerConfigs = saved.lrSchedulerConfigs;
    trainer.optimizerFrequencies = saved.optimizerFrequencies;
    trainer.callbacks.splice(0, trainer.callbacks.length, ...saved.callbacks);
    trainer.loggers.splice(0, trainer.loggers.length, ...saved.loggers);
    trainer.maxSteps = saved.maxSteps;
    trainer.limitValBatches = saved.limitValBatches;
    trainer.fitLoop = saved.fitLoop;
    trainer.shouldStop = false;
    trainer.tolerateNonFiniteLoss = false;
  }
  if (lrAttr !== null) {
    const lr = result.suggestion();
    if (lr !== null) {
      if (lrAttr in model) (model as any)[lrAttr] = lr;
      else model.hparams[lrAttr] = lr;
    }
  }
  // weights, optimizer state, schedulers and loop position as they were before the search
  // (on webgpu the restore's rollback snapshot reads the current state: fetch it without blocking first)
  await prefetchCheckpointData(trainer);
  restoreModelAndCallbacks(trainer, initial, "the LR finder's initial state");
  restoreTrainingState(trainer, initial, "the LR finder's initial state", trainer.loadTrainLoader());
  trainer.loggerConnector.resetMetrics();
  return result;
}
