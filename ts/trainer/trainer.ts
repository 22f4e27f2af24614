// Lightning 1.9.5's `Trainer`: wires a LightningModule to its optimizers and runs the fit loop
// (automatic or manual optimization) and the validation loop. The loops live in ./loops; this
// file holds the state they share and the hook dispatch.
import { initOptimizersAndSchedulers } from "./configure_optimizers.ts";
import { MisconfigurationException, ValueError } from "./errors.ts";
import { isOverridden, type LightningModule } from "./lightning_module.ts";
import { LightningOptimizer, type OptimizerStepRunner } from "./lightning_optimizer.ts";
import { LoggerConnector } from "./logging/logger_connector.ts";
import { loaderLength } from "./loops/data_fetcher.ts";
import { EvaluationLoop } from "./loops/evaluation_loop.ts";
import { FitLoop } from "./loops/fit_loop.ts";
import { PrecisionPlugin, type GradClipAlgorithm } from "./precision_plugin.ts";
import type { LRSchedulerConfig } from "./scheduler_config.ts";
import { applyLimit, resolveTrainerOptions, type ResolvedOptions, type TrainerOptions } from "./trainer_options.ts";
import { rankZeroWarn } from "./warnings.ts";

export class Trainer implements OptimizerStepRunner {
  readonly maxEpochs: number;
  readonly minEpochs: number;
  readonly maxSteps: number;
  readonly accumulateGradBatches: number;
  readonly gradientClipVal: number | null;
  readonly gradientClipAlgorithm: GradClipAlgorithm | null;
  readonly limitTrainBatches: number | undefined;
  readonly limitValBatches: number | undefined;
  readonly checkValEveryNEpoch: number | null;
  readonly valCheckInterval: number | undefined;
  readonly numSanityValSteps: number;

  lightningModule: LightningModule | null = null;
  optimizers: any[] = [];
  lightningOptimizers: LightningOptimizer[] = [];
  lrSchedulerConfigs: LRSchedulerConfig[] = [];
  optimizerFrequencies: number[] = [];
  readonly precisionPlugin = new PrecisionPlugin(this);
  readonly loggerConnector = new LoggerConnector();
  fitLoop: FitLoop = new FitLoop(this);
  readonly evaluationLoop = new EvaluationLoop(this);
  /** Set true (e.g. from a hook) to stop after the current batch. */
  shouldStop = false;
  numTrainingBatches = Infinity;
  valCheckBatch = Infinity;
  sanityChecking = false;
  private valLoader: unknown = null;

  constructor(opts: TrainerOptions = {}) {
    const o: ResolvedOptions = resolveTrainerOptions(opts);
    this.maxEpochs = o.maxEpochs;
    this.minEpochs = o.minEpochs;
    this.maxSteps = o.maxSteps;
    this.accumulateGradBatches = o.accumulateGradBatches;
    this.gradientClipVal = o.gradientClipVal;
    this.gradientClipAlgorithm = o.gradientClipAlgorithm;
    this.limitTrainBatches = o.limitTrainBatches;
    this.limitValBatches = o.limitValBatches;
    this.checkValEveryNEpoch = o.checkValEveryNEpoch;
    this.valCheckInterval = o.valCheckInterval;
    this.numSanityValSteps = o.numSanityValSteps;
  }

  get globalStep(): number { return this.fitLoop.epochLoop.globalStep; }
  get currentEpoch(): number { return this.fitLoop.epochsCompleted; }
  get isLastBatch(): boolean { return this.fitLoop.epochLoop.isLastBatch; }
  get callbackMetrics(): Record<string, number> { return this.loggerConnector.callbackMetrics; }
  get loggedMetrics(): Record<string, number> { return this.loggerConnector.loggedMetrics; }
  get progressBarMetrics(): Record<string, number> { return this.loggerConnector.progressBarMetrics; }

  /** Calls a LightningModule hook by name, with `log()` attributed to it. */
  callHook(name: string, ...args: unknown[]): any {
    const model = this.lightningModule!;
    const fn = (model as any)[name];
    if (typeof fn !== "function") return undefined;
    return this.withFx(name, () => fn.apply(model, args));
  }

  /** Runs fn with the module's current hook name set to `name` (Lightning's `_current_fx_name`). */
  withFx<T>(name: string, fn: () => T): T {
    const model = this.lightningModule!;
    const prev = model._currentFxName;
    model._currentFxName = name;
    try {
      return fn();
    } finally {
      model._currentFxName = prev;
    }
  }

  // OptimizerStepRunner: LightningOptimizer.step() routes here
  optimizerStep(optimizer: any, optimizerIdx: number, closure: () => unknown): unknown {
    return this.precisionPlugin.optimizerStep(optimizer, optimizerIdx, closure);
  }
  toggleOptimizer(optimizer: any, optimizerIdx: number): void {
    this.lightningModule!.toggleOptimizer(optimizer, optimizerIdx);
  }
  untoggleOptimizer(optimizerIdx: number): void {
    this.lightningModule!.untoggleOptimizer(optimizerIdx);
  }

  async fit(model: LightningModule, trainDataloaders: unknown, valDataloaders: unknown = null): Promise<void> {
    this.attach(model);
    this.verifyFitConfiguration(model, valDataloaders);
    this.valLoader = valDataloaders;
    this.fitLoop = new FitLoop(this);
    this.shouldStop = false;
    this.loggerConnector.resetMetrics();
    this.setupOptimizers(model);
    this.callHook("onFitStart");
    model.train();
    this.numTrainingBatches = applyLimit(loaderLength(trainDataloaders), this.limitTrainBatches, "limit_train_batches");
    this.valCheckBatch = this.computeValCheckBatch();
    try {
      await this.runSanityCheck();
      this.loggerConnector.active = this.loggerConnector.trainResults;
      await this.fitLoop.run(trainDataloaders);
    } finally {
      this.loggerConnector.active = null;
    }
    this.callHook("onFitEnd");
  }

  /** Runs the validation loop once over `dataloader`; returns [logged metrics] like Lightning. */
  async validate(model: LightningModule, dataloader: unknown): Promise<Record<string, number>[]> {
    this.attach(model);
    if (!isOverridden(model, "validationStep")) {
      throw new MisconfigurationException("No `validation_step()` method defined to run `Trainer.validate`.");
    }
    const limit = applyLimit(loaderLength(dataloader), this.limitValBatches, "limit_val_batches");
    const metrics = await this.evaluationLoop.run(dataloader, limit);
    return [metrics];
  }

  private attach(model: LightningModule): void {
    this.lightningModule = model;
    model.trainer = this;
  }

  private verifyFitConfiguration(model: LightningModule, valLoader: unknown): void {
    if (!isOverridden(model, "trainingStep")) {
      throw new MisconfigurationException(
        "No `training_step()` method defined. Lightning `Trainer` expects as minimum a" +
          " `training_step()`, `train_dataloader()` and `configure_optimizers()` to be defined.",
      );
    }
    if (!isOverridden(model, "configureOptimizers")) {
      throw new MisconfigurationException(
        "No `configure_optimizers()` method defined. Lightning `Trainer` expects as minimum a" +
          " `training_step()`, `train_dataloader()` and `configure_optimizers()` to be defined.",
      );
    }
    const hasValStep = isOverridden(model, "validationStep");
    const hasValLoader = valLoader !== null && valLoader !== undefined;
    if (hasValLoader && !hasValStep) rankZeroWarn("You passed in a `val_dataloader` but have no `validation_step`. Skipping val loop.");
    if (hasValStep && !hasValLoader) rankZeroWarn("You defined a `validation_step` but have no `val_dataloader`. Skipping val loop.");
    if (model.automaticOptimization) {
      const overridden = isOverridden(model, "optimizerStep") || isOverridden(model, "optimizerZeroGrad");
      if (overridden && this.accumulateGradBatches !== 1) {
        rankZeroWarn(
          "When using `Trainer(accumulate_grad_batches != 1)` and overriding" +
            " `LightningModule.optimizer_{step,zero_grad}`, the hooks will not be called on every batch" +
            " (rather, they are called on every optimization step).",
        );
      }
      return;
    }
    if (this.gradientClipVal !== null && this.gradientClipVal > 0) {
      throw new MisconfigurationException(
        "Automatic gradient clipping is not supported for manual optimization." +
          ` Remove \`Trainer(gradient_clip_val=${this.gradientClipVal})\` or switch to automatic optimization.`,
      );
    }
    if (this.accumulateGradBatches !== 1) {
      throw new MisconfigurationException(
        "Automatic gradient accumulation is not supported for manual optimization." +
          ` Remove \`Trainer(accumulate_grad_batches=${this.accumulateGradBatches})\` or switch to automatic optimization.`,
      );
    }
  }

  private setupOptimizers(model: LightningModule): void {
    const conf = this.callHook("configureOptimizers");
    const setup = initOptimizersAndSchedulers(conf, model.automaticOptimization, isOverridden(model, "lrSchedulerStep"));
    this.optimizers = setup.optimizers;
    this.lrSchedulerConfigs = setup.lrSchedulerConfigs;
    this.optimizerFrequencies = setup.optimizerFrequencies;
    this.lightningOptimizers = this.optimizers.map((opt, i) => {
      const lo = new LightningOptimizer(opt);
      lo.optimizerIdx = i;
      lo.runner = this;
      return lo;
    });
  }

  /** Lightning's val_check_batch: after how many training batches validation runs. */
  private computeValCheckBatch(): number {
    const interval = this.valCheckInterval;
    if (interval === undefined) return this.numTrainingBatches;
    if (Number.isInteger(interval)) {
      if (interval > this.numTrainingBatches && this.checkValEveryNEpoch !== null) {
        throw new ValueError(
          `\`val_check_interval\` (${interval}) must be less than or equal to the number of the training batches` +
            ` (${this.numTrainingBatches}). If you want to disable validation set \`limit_val_batches\` to 0.0 instead.` +
            " If you want to validate based on the total training batches, set `check_val_every_n_epoch=None`.",
        );
      }
      return interval;
    }
    if (this.numTrainingBatches === Infinity) return Infinity;
    return Math.max(1, Math.floor(this.numTrainingBatches * interval));
  }

  /** Validation is on when there is a loader, a validationStep and a non-zero batch limit. */
  get enableValidation(): boolean {
    const model = this.lightningModule;
    return this.valLoader !== null && this.valLoader !== undefined && model !== null &&
      isOverridden(model, "validationStep") && this.limitValBatches !== 0;
  }

  shouldCheckValEpoch(): boolean {
    return this.enableValidation &&
      (this.checkValEveryNEpoch === null || (this.currentEpoch + 1) % this.checkValEveryNEpoch === 0);
  }

  private valBatchLimit(): number {
    return applyLimit(loaderLength(this.valLoader), this.limitValBatches, "limit_val_batches");
  }

  private async runSanityCheck(): Promise<void> {
    if (!this.enableValidation || this.numSanityValSteps === 0) return;
    const steps = this.numSanityValSteps === -1 ? Infinity : this.numSanityValSteps;
    this.sanityChecking = true;
    this.loggerConnector.sanityChecking = true;
    try {
      await this.evaluationLoop.run(this.valLoader, Math.min(steps, this.valBatchLimit()));
    } finally {
      this.sanityChecking = false;
      this.loggerConnector.sanityChecking = false;
      this.loggerConnector.valResults.reset();
      this.loggerConnector.resetMetrics();
    }
  }

  /** Called by the epoch loop when validation is due. */
  async runValidationDuringFit(): Promise<void> {
    await this.evaluationLoop.run(this.valLoader, this.valBatchLimit());
  }
}
