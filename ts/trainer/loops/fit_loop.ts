// Lightning's `FitLoop`: epochs until maxEpochs / maxSteps / shouldStop. Runs the epoch-start
// hooks, the epoch loop, then the epoch end: trainingEpochEnd(outputs), onTrainEpochEnd, the
// epoch-interval plateau schedulers, and the reset of the epoch's logged results.
import { scopeAsync } from "../deps.ts";
import { MisconfigurationException } from "../errors.ts";
import { isOverridden } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { disposeOutputs, type BatchOutput } from "./batch_outputs.ts";
import { DataFetcher } from "./data_fetcher.ts";
import { RunningLoss } from "./running_loss.ts";
import { TrainingEpochLoop } from "./training_epoch_loop.ts";

/** A DataLoader's shuffle state (null for loaders that have none). */
function loaderState(loader: unknown): unknown {
  const l = loader as { stateDict?: () => unknown };
  return typeof l?.stateDict === "function" ? l.stateDict() : null;
}

export class FitLoop {
  readonly epochLoop: TrainingEpochLoop;
  /** Lightning's epoch_progress.current.processed / .completed (completed = trainer.currentEpoch). */
  epochsProcessed = 0;
  epochsCompleted = 0;
  /** The train loader's shuffle state when the running epoch started (checkpoints resume from it). */
  epochStartLoaderState: unknown = null;
  private trainLoader: unknown = null;
  /** The last optimization's loss times accumulateGradBatches (Lightning's running_loss.last()); lives until the batch ends. */
  lastRunningLoss: unknown = null;
  /** The mean of the last 20 losses, the progress bar's `loss=` (Lightning's running_loss.mean()). */
  readonly runningLoss = new RunningLoss();
  /** Set by StochasticWeightAveraging for its BatchNorm epoch: closures skip backward. */
  skipBackward = false;

  constructor(private readonly trainer: Trainer) {
    this.epochLoop = new TrainingEpochLoop(trainer);
  }

  get done(): boolean {
    const t = this.trainer;
    if (t.numTrainingBatches === 0) return true;
    if (t.maxSteps !== -1 && this.epochLoop.globalStep >= t.maxSteps) return true;
    if (t.maxEpochs !== -1 && this.epochsProcessed >= t.maxEpochs) {
      this.epochsCompleted = this.epochsProcessed;
      return true;
    }
    return t.shouldStop;
  }

  async run(trainLoader: unknown): Promise<void> {
    if (this.done || this.trainer.limitTrainBatches === 0) return;
    const t = this.trainer;
    this.trainLoader = trainLoader;
    t.callHook("onTrainStart");
    while (!this.done) {
      await this.onAdvanceStart();
      this.epochStartLoaderState = loaderState(trainLoader);
      const outputs = await this.epochLoop.run(new DataFetcher(trainLoader, t.numTrainingBatches));
      try {
        await scopeAsync(() => this.onAdvanceEnd(outputs));
      } finally {
        disposeOutputs(outputs);
      }
      await t.onEpochFullyDone();
    }
    t.callHook("onTrainEnd");
  }

  /** midEpoch: saved between two batches of a running epoch; else between epochs. */
  stateDict(midEpoch: boolean): Record<string, unknown> {
    return {
      epochsProcessed: this.epochsProcessed, epochsCompleted: this.epochsCompleted, midEpoch,
      loaderState: midEpoch ? this.epochStartLoaderState : loaderState(this.trainLoader),
      epochLoop: this.epochLoop.stateDict(),
    };
  }

  /** Restores the position; `trainLoader` gets the shuffle state the resumed epoch starts from. */
  loadStateDict(sd: Record<string, any>, trainLoader: unknown): void {
    this.epochsProcessed = sd.epochsProcessed;
    this.epochsCompleted = sd.epochsCompleted;
    const loader = trainLoader as { loadStateDict?: (s: unknown) => void };
    if (sd.loaderState !== null && typeof loader?.loadStateDict === "function") loader.loadStateDict(sd.loaderState);
    this.epochLoop.loadStateDict(sd.epochLoop, sd.midEpoch);
  }

  private async onAdvanceStart(): Promise<void> {
    const t = this.trainer;
    // the epoch's accumulation factor, before any epoch-start hook (Lightning calls the scheduler directly here)
    t.accumulationScheduler.onTrainEpochStart(t);
    t.loggerConnector.onEpochStart(t.loggerConnector.trainResults);
    await t.callHookAwaited("onTrainEpochStart");
  }

  /** Epoch end; async hooks are awaited and what they logged is read (webgpu) before the epoch's metrics are published. */
  private async onAdvanceEnd(outputs: BatchOutput[]): Promise<void> {
    const t = this.trainer;
    const logger = t.loggerConnector;
    logger.epochEndReached(logger.trainResults);
    const model = t.lightningModule!;
    const nonEmpty = outputs.filter((o) => !(Array.isArray(o) && o.length === 0));
    if (isOverridden(model, "trainingEpochEnd") && outputs.length) {
      if ((await t.callHookAwaited("trainingEpochEnd", nonEmpty)) !== undefined) {
        throw new MisconfigurationException(
          "`training_epoch_end` expects a return of None. HINT: remove the return statement in `training_epoch_end`.",
        );
      }
    }
    await logger.deferred.flush(); // callbacks' onTrainEpochEnd may read what trainingEpochEnd logged
    this.epochsProcessed++;
    await t.callHookAwaited("onTrainEpochEnd");
    await logger.deferred.flush();
    logger.onEpochEnd(logger.trainResults);
    t.logMetrics(logger.lastEpochLog);
    if (this.epochLoop.numReadyBatchesReached()) this.epochLoop.updateLrSchedulers("epoch", true);
    logger.resetResults(logger.trainResults);
    this.epochsCompleted++;
  }
}
