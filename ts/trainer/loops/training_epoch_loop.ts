// Lightning's `TrainingEpochLoop`: one epoch over the train dataloader. Per batch: the batch
// hooks, the optimization (automatic or manual), the non-plateau schedulers, validation when
// due, then the step-interval plateau schedulers. Each batch runs inside an autograd scope so
// the number of live tensors stays flat over a long run.
import { AnomalyError, scope, scopeAsync } from "../deps.ts";
import { activeOptimizerIndices } from "../active_optimizers.ts";
import { releaseBatch } from "../batch_release.ts";
import { AnomalyDetectedError, MisconfigurationException } from "../errors.ts";
import { isOverridden } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { rankZeroWarn } from "../warnings.ts";
import { automaticBatchOutput, manualBatchOutput, type BatchOutput } from "./batch_outputs.ts";
import type { DataFetcher } from "./data_fetcher.ts";
import { ManualLoop } from "./manual_loop.ts";
import { OptimizerLoop } from "./optimizer_loop.ts";

export class TrainingEpochLoop {
  readonly optimizerLoop: OptimizerLoop;
  readonly manualLoop: ManualLoop;
  /** Batches started in this epoch / across epochs (Lightning's batch_progress ready counters). */
  private currentReady = 0;
  private totalReady = 0;
  isLastBatch = false;
  /** Batches on which the optimizers stepped, over the fit (Lightning's `_batches_that_stepped`: the loggers' step). */
  batchesThatStepped = 0;
  private outputs: BatchOutput[] = [];
  private stopped = false;
  /** Set by a checkpoint restore: the next run skips the batches of this epoch already trained on. */
  private restarting = false;

  constructor(private readonly trainer: Trainer) {
    this.optimizerLoop = new OptimizerLoop(trainer);
    this.manualLoop = new ManualLoop(trainer);
  }

  /** Batch index within the epoch. */
  get batchIdx(): number { return this.currentReady - 1; }
  /** Batch index counted across epochs. */
  get totalBatchIdx(): number { return this.totalReady - 1; }

  get globalStep(): number {
    const model = this.trainer.lightningModule;
    return model === null || model.automaticOptimization ? this.optimizerLoop.optimizerSteps : this.manualLoop.stepsCompleted;
  }

  private get maxStepsReached(): boolean {
    const max = this.trainer.maxSteps;
    return max !== -1 && this.globalStep >= max;
  }

  get done(): boolean {
    return this.stopped || this.maxStepsReached || this.numReadyBatchesReached() || this.trainer.shouldStop;
  }

  numReadyBatchesReached(): boolean {
    return this.currentReady === this.trainer.numTrainingBatches || this.isLastBatch;
  }

  /** True on a batch whose gradients accumulate (no optimizer step): not at a window end nor the last batch. */
  shouldAccumulate(): boolean {
    const windowDone = this.currentReady % this.trainer.accumulateGradBatches === 0;
    return !windowDone && !this.numReadyBatchesReached();
  }

  /** The position a checkpoint saves (the optimizer step counters are the global step). */
  stateDict(): Record<string, unknown> {
    return {
      currentReady: this.currentReady, totalReady: this.totalReady, isLastBatch: this.isLastBatch,
      batchesThatStepped: this.batchesThatStepped, optimizerSteps: this.optimizerLoop.optimizerSteps,
      manualStepsCompleted: this.manualLoop.stepsCompleted, manualStepsReady: this.manualLoop.stepsReady,
    };
  }

  /** midEpoch: resume inside the saved epoch (skip its seen batches); else start the next epoch. */
  loadStateDict(sd: Record<string, any>, midEpoch: boolean): void {
    this.totalReady = sd.totalReady;
    this.batchesThatStepped = sd.batchesThatStepped;
    this.optimizerLoop.optimizerSteps = sd.optimizerSteps;
    this.manualLoop.stepsCompleted = sd.manualStepsCompleted;
    this.manualLoop.stepsReady = sd.manualStepsReady;
    this.restarting = midEpoch;
    if (midEpoch) {
      this.currentReady = sd.currentReady;
      this.isLastBatch = sd.isLastBatch;
    }
  }

  async run(fetcher: DataFetcher): Promise<BatchOutput[]> {
    const skip = this.restarting ? this.currentReady : 0;
    this.restarting = false;
    this.currentReady = 0;
    this.isLastBatch = false;
    this.stopped = false;
    this.outputs = [];
    await fetcher.start();
    try {
      // Lightning resumes mid-epoch by skipping the batches of the epoch it already trained on
      for (let i = 0; i < skip; i++) {
        const next = fetcher.sync ? fetcher.nextSync() : await fetcher.next();
        if (next === null) break;
        releaseBatch(next.batch);
        this.currentReady++;
        this.isLastBatch = next.isLast;
      }
      while (!this.done) await this.advance(fetcher);
    } finally {
      await fetcher.close();
    }
    const out = this.outputs;
    this.outputs = [];
    return out;
  }

  private async advance(fetcher: DataFetcher): Promise<void> {
    const next = fetcher.sync ? fetcher.nextSync() : await fetcher.next();
    if (next === null) {
      this.stopped = true; // the loader ran dry before the expected count
      return;
    }
    const { batch, isLast } = next;
    this.isLastBatch = isLast;
    const batchIdx = this.currentReady;
    this.currentReady++;
    this.totalReady++;
    try {
      const kept = await scopeAsync(() => this.withAnomalyContext(batchIdx, () => this.runBatch(batch, batchIdx)));
      if (kept !== null) this.outputs.push(kept);
      if (this.stopped) return;
      // on_advance_end: validation, then plateau schedulers that step per batch
      if (this.shouldCheckVal()) await this.trainer.runValidationDuringFit();
      scope(() => this.updateLrSchedulers("step", true));
      if (!this.shouldAccumulate()) this.batchesThatStepped++;
      await this.trainer.onBatchFullyDone();
    } finally {
      releaseBatch(batch);
    }
  }

  /** Names the epoch and batch when anomaly mode finds a NaN/Inf in an op's output. */
  private async withAnomalyContext<T>(batchIdx: number, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AnomalyError) {
        throw new AnomalyDetectedError(
          `Anomaly detected in epoch ${this.trainer.currentEpoch}, batch ${batchIdx}: ${e.message}` +
            " Check the inputs of that op (data, a too large learning rate, log/sqrt/div of non-positive values).",
          { cause: e },
        );
      }
      throw e;
    }
  }

  /**
   * Everything of one batch up to onTrainBatchEnd; returns the output kept for trainingEpochEnd.
   * Awaits only at the boundaries: async batch hooks, and the batch's deferred reads (webgpu),
   * resolved once before onTrainBatchEnd and again after it (what the hook itself logged).
   */
  private async runBatch(batch: unknown, batchIdx: number): Promise<BatchOutput | null> {
    const t = this.trainer;
    const model = t.lightningModule!;
    const deferred = t.loggerConnector.deferred;
    t.loggerConnector.onBatchStart(t.loggerConnector.trainResults, batch);
    let batchOutput: BatchOutput = [];
    if (batch === null || batch === undefined) {
      rankZeroWarn("train_dataloader yielded None. If this was on purpose, ignore this warning...");
    } else {
      if ((await t.callHookAwaited("onTrainBatchStart", batch, batchIdx)) === -1) {
        this.stopped = true; // Lightning: returning -1 skips the rest of the epoch
        await deferred.flush();
        return null;
      }
      if (model.automaticOptimization) {
        const indices = activeOptimizerIndices(t.optimizers.length, t.optimizerFrequencies, batchIdx);
        // a Promise only where a step reads asynchronously (LBFGS on webgpu): awaited only then
        const outputs = this.optimizerLoop.run(batch, batchIdx, indices);
        batchOutput = automaticBatchOutput(outputs instanceof Promise ? await outputs : outputs, t.optimizers.length);
      } else {
        const output = this.manualLoop.run(batch, batchIdx);
        batchOutput = manualBatchOutput(output instanceof Promise ? await output : output);
      }
    }
    this.updateLrSchedulers("step", false);
    if (this.numReadyBatchesReached()) this.updateLrSchedulers("epoch", false);
    await deferred.flush();
    await t.callHookAwaited("onTrainBatchEnd", batchOutput, batch, batchIdx);
    await deferred.flush();
    t.loggerConnector.onBatchEnd(t.loggerConnector.trainResults);
    t.updateTrainStepMetrics();
    const keep = isOverridden(model, "trainingEpochEnd");
    return keep ? batchOutput : null;
  }

  /** Lightning's `update_lr_schedulers` + `_update_learning_rates` (automatic optimization only). */
  updateLrSchedulers(interval: "step" | "epoch", updatePlateauSchedulers: boolean): void {
    const t = this.trainer;
    if (interval === "step" && this.shouldAccumulate()) return;
    if (!t.lrSchedulerConfigs.length || !t.lightningModule!.automaticOptimization) return;
    // Lightning 1.9.5 picks the active optimizer here from the batch index counted across epochs
    const active = activeOptimizerIndices(t.optimizers.length, t.optimizerFrequencies, this.totalBatchIdx);
    for (const config of t.lrSchedulerConfigs) {
      if (!active.includes(config.optIdx!)) continue;
      if (updatePlateauSchedulers !== config.reduceOnPlateau) continue;
      const currentIdx = (interval === "step" ? this.batchIdx : t.currentEpoch) + 1;
      if (config.interval !== interval || currentIdx % config.frequency !== 0) continue;
      let monitorVal: number | null = null;
      if (config.reduceOnPlateau) {
        const key = config.monitor!;
        const metrics = t.callbackMetrics;
        if (metrics[key] === undefined) {
          if (config.strict) {
            throw new MisconfigurationException(
              `ReduceLROnPlateau conditioned on metric ${key} which is not available. Available metrics are:` +
                ` [${Object.keys(metrics).map((k) => `'${k}'`).join(", ")}].` +
                " Condition can be set using `monitor` key in lr scheduler dict",
            );
          }
          rankZeroWarn(
            `ReduceLROnPlateau conditioned on metric ${key} which is not available but strict is set to \`False\`.` +
              " Skipping learning rate update.",
          );
          continue;
        }
        monitorVal = metrics[key];
      }
      t.callHook("lrSchedulerStep", config.scheduler, config.optIdx, monitorVal);
    }
  }

  /** Lightning's `_should_check_val_fx`. */
  private shouldCheckVal(): boolean {
    const t = this.trainer;
    if (!t.shouldCheckValEpoch()) return false;
    const isInfinite = t.valCheckBatch === Infinity;
    if (this.isLastBatch && isInfinite) return true;
    if (t.shouldStop) return true;
    let isValCheckBatch = this.isLastBatch;
    if (Number.isInteger(t.limitTrainBatches) && isInfinite) {
      isValCheckBatch = (this.batchIdx + 1) % (t.limitTrainBatches as number) === 0;
    } else if (!isInfinite) {
      const current = t.checkValEveryNEpoch === null ? this.totalBatchIdx : this.batchIdx;
      isValCheckBatch = (current + 1) % t.valCheckBatch === 0;
    }
    return isValCheckBatch;
  }
}
