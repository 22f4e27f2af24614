// Lightning 1.9.5's `Trainer`: wires a LightningModule to its optimizers and runs the fit loop
// (automatic or manual optimization) and the validation loop. The loops live in ./loops; this
// file holds the state they share and the hook dispatch.
import { CALLBACK_HOOKS, type Callback } from "./callbacks/callback.ts";
import type { Logger } from "./callbacks/logger.ts";
import { defaultCallbacks } from "./callbacks/defaults.ts";
import { configureAccumulatedGradients, GradientAccumulationScheduler } from "./callbacks/gradient_accumulation_scheduler.ts";
import {
  dumpCheckpoint, prefetchCheckpointData, restoreModelAndCallbacks, restoreTrainingState, type SavePoint,
} from "./checkpoint/checkpoint_connector.ts";
import type { CheckpointIO } from "./checkpoint/checkpoint_io.ts";
import { defaultCheckpointIO } from "./checkpoint/fs_checkpoint_io.ts";
import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from "./checkpoint/format.ts";
import { parseCheckpointBytes, writeCheckpointFile, type SaveCheckpointOptions } from "./checkpoint/checkpoint_file.ts";
import { initOptimizersAndSchedulers } from "./configure_optimizers.ts";
import { nameParameters, setDetectAnomaly, setDetectNonFinite } from "./deps.ts";
import { checkLoaderArgument } from "../validation/train_data.ts";
import { FulgurError, MisconfigurationException, TunerExitException, ValueError } from "./errors.ts";
import { isOverridden, type LightningModule } from "./lightning_module.ts";
import { LightningOptimizer, type OptimizerStepRunner } from "./lightning_optimizer.ts";
import { LoggerConnector } from "./logging/logger_connector.ts";
import { loaderLength } from "./loops/data_fetcher.ts";
import { EvaluationLoop } from "./loops/evaluation_loop.ts";
import { FitLoop } from "./loops/fit_loop.ts";
import { PredictionLoop } from "./loops/prediction_loop.ts";
import { isDataModule, type LightningDataModule, type Stage } from "./datamodule.ts";
import type { DataLoader } from "./data_loader.ts";
import { PrecisionPlugin, type GradClipAlgorithm } from "./precision_plugin.ts";
import type { LRSchedulerConfig } from "./scheduler_config.ts";
import { applyLimit, resolveTrainerOptions, type ResolvedOptions, type TrainerOptions } from "./trainer_options.ts";
import { rankZeroWarn } from "./warnings.ts";
import { checkAccelerator, selectAccelerator, type Accelerator } from "../gpu/accelerator.ts";

/** Lightning's Trainer: fit / validate / test / predict a LightningModule with its loops, callbacks, loggers and checkpoints. */
export class Trainer implements OptimizerStepRunner {
  /** Mutable like Lightning's fit_loop.max_epochs (StochasticWeightAveraging adds its BatchNorm epoch). */
  maxEpochs: number;
  readonly minEpochs: number;
  /** Mutable like Lightning's fit_loop.max_steps (the LR finder sets its own). */
  maxSteps: number;
  /** The factor of the running epoch (set at each epoch start by `accumulationScheduler`). */
  accumulateGradBatches: number;
  /** Lightning's `trainer.accumulation_scheduler`: the GradientAccumulationScheduler in force. */
  readonly accumulationScheduler: GradientAccumulationScheduler;
  readonly gradientClipVal: number | null;
  readonly gradientClipAlgorithm: GradClipAlgorithm | null;
  readonly limitTrainBatches: number | undefined;
  /** Mutable like Lightning's (the LR finder sets its own while it runs). */
  limitValBatches: number | undefined;
  readonly checkValEveryNEpoch: number | null;
  readonly valCheckInterval: number | undefined;
  readonly numSanityValSteps: number;
  readonly callbacks: Callback[];
  readonly loggers: Logger[];
  readonly logEveryNSteps: number;
  readonly defaultRootDir: string;
  readonly detectAnomaly: boolean;
  /** Trainer(detectNonFinite): a NaN/Inf gradient stops the optimizer step before any parameter changes (ts/optim/non_finite.ts). */
  readonly detectNonFinite: boolean;
  private nonFiniteInFit = false;
  private readonly io: CheckpointIO | null;

  lightningModule: LightningModule | null = null;
  optimizers: any[] = [];
  lightningOptimizers: LightningOptimizer[] = [];
  lrSchedulerConfigs: LRSchedulerConfig[] = [];
  optimizerFrequencies: number[] = [];
  readonly precisionPlugin = new PrecisionPlugin(this);
  readonly loggerConnector = new LoggerConnector();
  fitLoop: FitLoop = new FitLoop(this);
  readonly evaluationLoop = new EvaluationLoop(this);
  private tolerating = false;
  /** Set by the LR finder: a non-finite training loss (or gradient) is not an error while it searches. */
  get tolerateNonFiniteLoss(): boolean { return this.tolerating; }
  set tolerateNonFiniteLoss(v: boolean) {
    this.tolerating = v;
    if (this.nonFiniteInFit) setDetectNonFinite(this.detectNonFinite && !v);
  }
  /** Set true (e.g. from a hook) to stop after the current batch. */
  shouldStop = false;
  numTrainingBatches = Infinity;
  valCheckBatch = Infinity;
  sanityChecking = false;
  private valLoader: unknown = null;
  /** True while the fit loop runs: checkpoint writes then wait for the end of the batch / epoch. */
  private fitting = false;
  private pendingIO: Array<() => Promise<void>> = [];
  private savePoint: SavePoint = { midEpoch: false };

  /** Which tfjs backend fit() runs on (ts/gpu/accelerator.ts); undefined keeps the active one. */
  readonly accelerator: Accelerator | undefined;

  constructor(opts: TrainerOptions = {}) {
    const o: ResolvedOptions = resolveTrainerOptions(opts);
    checkAccelerator(opts.accelerator);
    this.accelerator = opts.accelerator;
    this.maxEpochs = o.maxEpochs;
    this.minEpochs = o.minEpochs;
    this.maxSteps = o.maxSteps;
    this.gradientClipVal = o.gradientClipVal;
    this.gradientClipAlgorithm = o.gradientClipAlgorithm;
    this.limitTrainBatches = o.limitTrainBatches;
    this.limitValBatches = o.limitValBatches;
    this.checkValEveryNEpoch = o.checkValEveryNEpoch;
    this.valCheckInterval = o.valCheckInterval;
    this.numSanityValSteps = o.numSanityValSteps;
    this.logEveryNSteps = o.logEveryNSteps;
    this.defaultRootDir = o.defaultRootDir;
    this.detectAnomaly = o.detectAnomaly;
    this.detectNonFinite = o.detectNonFinite;
    this.io = opts.checkpointIO ?? defaultCheckpointIO();
    const logger = opts.logger;
    this.loggers = logger === undefined || typeof logger === "boolean" ? [] : Array.isArray(logger) ? [...logger] : [logger];
    this.callbacks = defaultCallbacks(opts);
    this.accumulationScheduler = configureAccumulatedGradients(o.accumulateGradBatches, this.callbacks);
    this.accumulateGradBatches = this.accumulationScheduler.getAccumulateGradBatches(0);
  }

  /**
   * Frees what the trainer holds for the last fit — the optimizers' state (Adam's moments...),
   * queued reads, logged metrics — and drops its references to the model and loaders. The model
   * itself stays usable (call model.dispose() to free it too). docs/MEMORY.md.
   */
  dispose(): void {
    for (const o of this.optimizers as Array<{ dispose?: () => void }>) o?.dispose?.();
    this.optimizers = [];
    this.lightningOptimizers = [];
    this.lrSchedulerConfigs = [];
    this.loggerConnector.deferred.clear();
    this.loggerConnector.resetMetrics();
    this.lightningModule = null;
    this.trainLoader = null;
    this.trainSource = null;
    this.valSource = null;
    this.valLoader = null;
    this.fitLoop = new FitLoop(this);
  }

  /** The first logger, or null (Lightning's `trainer.logger`). */
  get logger(): Logger | null { return this.loggers[0] ?? null; }

  /** File access for checkpoints and loggers; raises where there is none (browsers: pass `checkpointIO`). */
  get checkpointIO(): CheckpointIO {
    if (this.io === null) {
      throw new MisconfigurationException(
        "This runtime has no file system: pass `new Trainer({ checkpointIO: new MemoryCheckpointIO() })` (or your own CheckpointIO).",
      );
    }
    return this.io;
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
    if (this.callbacks.length && CALLBACK_HOOKS.has(name)) {
      this.withFx(name, () => {
        for (const cb of this.callbacks) {
          const hook = (cb as any)[name];
          if (typeof hook === "function") hook.call(cb, this, model, ...args);
        }
      });
    }
    const fn = (model as any)[name];
    if (typeof fn !== "function") return undefined;
    return this.withFx(name, () => fn.apply(model, args));
  }

  /**
   * callHook at a loop boundary (batch / epoch / validation hooks): a hook — the module's or a
   * callback's — that returns a Promise is awaited before the loop goes on, so it may
   * `await tensor.data()` (the only read webgpu allows in Node). Sync hooks run exactly as callHook.
   */
  async callHookAwaited(name: string, ...args: unknown[]): Promise<any> {
    const model = this.lightningModule!;
    if (this.callbacks.length && CALLBACK_HOOKS.has(name)) {
      for (const cb of this.callbacks) {
        const hook = (cb as any)[name];
        if (typeof hook !== "function") continue;
        const r = this.withFx(name, () => hook.call(cb, this, model, ...args));
        if (isThenable(r)) await r;
      }
    }
    const fn = (model as any)[name];
    if (typeof fn !== "function") return undefined;
    const r = this.withFx(name, () => fn.apply(model, args));
    return isThenable(r) ? await r : r;
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

  /**
   * Trains `model`. `ckptPath` resumes from a checkpoint written by `saveCheckpoint` /
   * ModelCheckpoint: weights, optimizers, schedulers, the loop position (mid-epoch too),
   * callbacks and accumulated gradients are restored, so the run continues bit-identically.
   */
  async fit<Batch = any>(
    model: LightningModule<Batch>,
    trainDataloaders: DataLoader<Batch> | LightningDataModule | Iterable<Batch> | AsyncIterable<Batch> | null = null,
    valDataloaders: DataLoader<Batch> | DataLoader<Batch>[] | Iterable<Batch> | AsyncIterable<Batch> | null = null,
    opts: { ckptPath?: string | null; datamodule?: LightningDataModule | null } = {},
  ): Promise<void> {
    let train = trainDataloaders ?? null;
    const val = valDataloaders ?? null;
    let datamodule = opts.datamodule ?? null;
    // a datamodule as the second argument is taken as one (Lightning fixes this for the user)
    if (isDataModule(train)) {
      datamodule = train;
      train = null;
    }
    if ((train !== null || val !== null) && datamodule !== null) {
      throw new MisconfigurationException("You cannot pass `train_dataloader` or `val_dataloaders` to `trainer.fit(datamodule=...)`");
    }
    checkLoaderArgument("fit", "train_dataloaders", train);
    checkLoaderArgument("fit", "val_dataloaders", val);
    await selectAccelerator(this.accelerator);
    this.attach(model, datamodule);
    this.verifyFitConfiguration(model, train, val);
    this.valLoader = null;
    this.valLoaded = false;
    this.trainLoader = null;
    this.trainSource = train;
    this.valSource = val;
    this.fitLoop = new FitLoop(this);
    this.shouldStop = false;
    this.pendingIO = [];
    this.loggerConnector.resetMetrics();
    for (const l of this.loggers) await l.setup?.();
    const ckptPath = opts.ckptPath ?? null;
    const ckpt = ckptPath === null ? null : await this.readCheckpoint(ckptPath);
    const prevAnomaly = setDetectAnomaly(this.detectAnomaly);
    const prevNonFinite = setDetectNonFinite(this.detectNonFinite && !this.tolerating);
    this.nonFiniteInFit = true;
    nameParameters(model.namedParameters());
    try {
      await this.prepareDataAndSetup("fit");
      if (ckpt) {
        // the restore keeps the current weights for its rollback: on webgpu read them without blocking first
        await prefetchCheckpointData(this);
        restoreModelAndCallbacks(this, ckpt, ckptPath!);
      }
      this.setupOptimizers(model);
      // Lightning's order: on_fit_start, then the optimizers', schedulers' and loops' state
      try {
        await this.callHookAwaited("onFitStart");
      } catch (e) {
        if (!(e instanceof TunerExitException)) throw e;
        // the Tuner ran inside onFitStart and ends the fit here (Lightning's _TunerExitException)
        await this.teardownHook("fit");
        return;
      }
      // the loaders, in the order Lightning requests them (val first when the sanity check runs)
      // (a module without validationStep never has its val loader asked for)
      const validates = isOverridden(model, "validationStep") && this.limitValBatches !== 0;
      if (validates && !ckpt && this.numSanityValSteps !== 0) this.loadValLoader();
      const trainLoader = this.loadTrainLoader();
      if (validates) this.loadValLoader();
      if (ckpt) {
        // the restore's rollback snapshot reads the optimizers' state: on webgpu fetch it without blocking first
        await prefetchCheckpointData(this);
        restoreTrainingState(this, ckpt, ckptPath!, trainLoader);
      }
      model.train();
      await this.runFitLoop(trainLoader, !ckpt);
      await this.flushIO({ midEpoch: false });
      this.callHook("onFitEnd");
      await this.flushIO({ midEpoch: false });
      for (const l of this.loggers) await l.finalize("success");
      await this.teardownHook("fit");
    } catch (e) {
      this.pendingIO = [];
      for (const cb of this.callbacks) cb.onException(this, model, e);
      throw e;
    } finally {
      setDetectAnomaly(prevAnomaly);
      setDetectNonFinite(prevNonFinite);
      this.nonFiniteInFit = false;
    }
  }

  /** The datamodule of the current (or last) run, or null (Lightning's `trainer.datamodule`). */
  datamodule: LightningDataModule | null = null;
  /** Loaders passed to fit (null: take them from the datamodule or the module's hooks). */
  private trainSource: unknown = null;
  private valSource: unknown = null;
  private valLoaded = false;

  /** The fit's train loader: the one passed, else `trainDataloader()` of the datamodule, else of the module (asked once). */
  loadTrainLoader(): unknown {
    if (this.trainLoader === null) {
      this.trainLoader = this.trainSource ?? this.loaderFromHooks("trainDataloader");
      if (this.trainLoader === null) throw new MisconfigurationException(NO_TRAIN_LOADER);
    }
    return this.trainLoader;
  }

  /** The fit's validation loader (null when there is none), asked once per fit. */
  loadValLoader(): unknown {
    if (!this.valLoaded) {
      this.valLoader = this.valSource ?? this.loaderFromHooks("valDataloader");
      this.valLoaded = true;
    }
    return this.valLoader;
  }

  /** Lightning's _DataLoaderSource: the datamodule's hook when there is a datamodule, else the module's. */
  private loaderFromHooks(hook: LoaderHook): unknown {
    const dm = this.datamodule;
    if (dm !== null) return typeof (dm as any)[hook] === "function" ? this.withFx(hook, () => (dm as any)[hook]()) ?? null : null;
    const model = this.lightningModule!;
    return isOverridden(model, hook) ? this.withFx(hook, () => (model as any)[hook]()) ?? null : null;
  }

  private hasLoaderSource(passed: unknown, hook: LoaderHook): boolean {
    if (passed !== null && passed !== undefined) return true;
    const dm = this.datamodule;
    if (dm !== null) return typeof (dm as any)[hook] === "function";
    return isOverridden(this.lightningModule!, hook);
  }

  /** prepare_data (datamodule, then module), then setup(stage): datamodule, callbacks, module — Lightning's order. */
  private async prepareDataAndSetup(stage: Stage): Promise<void> {
    const dm = this.datamodule;
    if (dm !== null) await dm.prepareData();
    await this.callHookAwaited("prepareData");
    if (dm !== null) await dm.setup(stage);
    await this.callHookAwaited("setup", stage);
  }

  /** teardown(stage): datamodule, callbacks, module. */
  private async teardownHook(stage: Stage): Promise<void> {
    if (this.datamodule !== null) await this.datamodule.teardown(stage);
    await this.callHookAwaited("teardown", stage);
  }

  /** The train loader of the running fit (the LR finder runs its search over it). */
  trainLoader: unknown = null;

  /** Sizes the epoch and validation interval, runs the sanity check (when asked), then the fit loop. */
  async runFitLoop(trainDataloaders: unknown, sanityCheck: boolean): Promise<void> {
    this.numTrainingBatches = applyLimit(loaderLength(trainDataloaders), this.limitTrainBatches, "limit_train_batches");
    // Lightning's warning for an empty train loader (the fit then trains zero steps)
    if (loaderLength(trainDataloaders) === 0) rankZeroWarn("Total length of `DataLoader` across ranks is zero. Please make sure this was your intention.");
    this.valCheckBatch = this.computeValCheckBatch();
    try {
      if (sanityCheck) await this.runSanityCheck();
      // Lightning's _run_train: train mode after the sanity check, whatever its hooks left
      this.lightningModule!.train();
      this.loggerConnector.active = this.loggerConnector.trainResults;
      this.fitting = true;
      await this.fitLoop.run(trainDataloaders);
    } finally {
      this.fitting = false;
      this.loggerConnector.active = null;
      this.loggerConnector.deferred.clear(); // a failed batch may leave reads queued
    }
  }

  /**
   * Writes a checkpoint of the current training state to `path` (atomically). During fit the
   * state is taken once the running batch (or epoch end) is finished — after its schedulers and
   * validation — so a resume restarts exactly at the next batch.
   */
  saveCheckpoint(path: string, weightsOnly: boolean | SaveCheckpointOptions = false): Promise<void> {
    const io = this.checkpointIO;
    // `{ format: "binary" }`: tensors as safetensors blocks (large models); default JSON
    const opts = typeof weightsOnly === "boolean" ? { weightsOnly } : weightsOnly;
    return this.enqueueIO(async () => {
      await prefetchCheckpointData(this);
      await writeCheckpointFile(io, path, this, this.savePoint, opts);
    });
  }

  /** Reads and validates a checkpoint file. */
  async readCheckpoint(path: string): Promise<Checkpoint> {
    const io = this.checkpointIO;
    let bytes: Uint8Array | string;
    try {
      bytes = typeof io.readBytes === "function" ? await io.readBytes(path) : await io.read(path);
    } catch (e) {
      throw new FulgurError(`Checkpoint at ${path} not found or unreadable: ${(e as Error).message}`);
    }
    // fulgur's JSON, or a Lightning 1.9.5 `.ckpt` (zip), told apart by the first bytes
    return typeof bytes === "string" ? parseCheckpoint(bytes, path) : parseCheckpointBytes(bytes, path);
  }

  /** Runs an async file task now, or — during fit — at the end of the running batch / epoch, in order. */
  enqueueIO(task: () => Promise<void>): Promise<void> {
    if (!this.fitting) return task();
    let settle!: (e?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (e) => (e === undefined ? resolve() : reject(e));
    });
    done.catch(() => {}); // an unawaited failure surfaces through fit(), not as an unhandled rejection
    this.pendingIO.push(async () => {
      try {
        await task();
        settle();
      } catch (e) {
        settle(e);
        throw e;
      }
    });
    return done;
  }

  private async flushIO(at: SavePoint): Promise<void> {
    this.savePoint = at;
    try {
      while (this.pendingIO.length) await this.pendingIO.shift()!();
    } finally {
      this.savePoint = { midEpoch: false };
    }
  }

  /** Lightning's `log_metrics`: hands metrics (+ `epoch`) to every logger at the stepped-batch count. */
  logMetrics(metrics: Record<string, number>): void {
    if (!this.loggers.length || !Object.keys(metrics).length) return;
    const m = { ...metrics };
    if (!("epoch" in m)) m.epoch = this.currentEpoch;
    const step = this.fitLoop.epochLoop.batchesThatStepped;
    for (const l of this.loggers) l.logMetrics(m, step);
    void this.enqueueIO(async () => {
      for (const l of this.loggers) await l.save();
    }).catch(() => {});
  }

  /** Lightning's `should_update_logs`: every logEveryNSteps batches that stepped, or when stopping. */
  get shouldUpdateLogs(): boolean {
    return (this.fitLoop.epochLoop.batchesThatStepped + 1) % this.logEveryNSteps === 0 || this.shouldStop;
  }

  /** Lightning's `update_train_step_metrics` (after onTrainBatchEnd). */
  updateTrainStepMetrics(): void {
    if (this.lightningModule!.automaticOptimization && this.fitLoop.epochLoop.shouldAccumulate()) return;
    if (this.shouldUpdateLogs) this.logMetrics(this.loggerConnector.lastStepLog);
  }

  /** Called by the epoch loop once a batch is completely done (validation and schedulers included). */
  async onBatchFullyDone(): Promise<void> {
    await this.flushIO({ midEpoch: true });
  }

  /** Called by the fit loop once an epoch's end is completely done. */
  async onEpochFullyDone(): Promise<void> {
    await this.flushIO({ midEpoch: false });
  }

  /**
   * Runs the validation loop once (Lightning's `trainer.validate`): over `dataloaders`, else the
   * datamodule's / module's `valDataloader()`. Returns [the logged epoch metrics].
   */
  validate(
    model: LightningModule | null = null, dataloaders: unknown = null,
    opts: { ckptPath?: string | null; datamodule?: LightningDataModule | null; verbose?: boolean } = {},
  ): Promise<Record<string, number>[]> {
    return this.runEvaluation("validate", model, dataloaders, opts) as Promise<Record<string, number>[]>;
  }

  /**
   * Runs `testStep` over the test loader once, in eval mode without gradients (Lightning's
   * `trainer.test`); what it logs is reduced over the epoch as in validation. Returns [metrics].
   */
  test(
    model: LightningModule | null = null, dataloaders: unknown = null,
    opts: { ckptPath?: string | null; datamodule?: LightningDataModule | null; verbose?: boolean } = {},
  ): Promise<Record<string, number>[]> {
    return this.runEvaluation("test", model, dataloaders, opts) as Promise<Record<string, number>[]>;
  }

  /** `predictStep` (default: the model's forward) on every batch, in eval mode without gradients; one output per batch. */
  predict(
    model: LightningModule | null = null, dataloaders: unknown = null,
    opts: { ckptPath?: string | null; datamodule?: LightningDataModule | null; returnPredictions?: boolean } = {},
  ): Promise<unknown[] | null> {
    return this.runEvaluation("predict", model, dataloaders, opts) as Promise<unknown[] | null>;
  }

  private async runEvaluation(
    stage: "validate" | "test" | "predict", model: LightningModule | null, dataloaders: unknown,
    opts: { ckptPath?: string | null; datamodule?: LightningDataModule | null; returnPredictions?: boolean },
  ): Promise<Record<string, number>[] | unknown[] | null> {
    let loaders = dataloaders ?? null;
    let datamodule = opts.datamodule ?? null;
    if (isDataModule(loaders)) {
      datamodule = loaders;
      loaders = null;
    }
    if (loaders !== null && datamodule !== null) {
      throw new MisconfigurationException(`You cannot pass both \`trainer.${stage}(dataloaders=..., datamodule=...)\``);
    }
    const m = model ?? this.lightningModule;
    if (m === null) {
      throw new MisconfigurationException(`\`model\` must be provided to \`trainer.${stage}()\` when it hasn't been passed in a previous run`);
    }
    await selectAccelerator(this.accelerator);
    this.attach(m, datamodule);
    verifyEvalConfiguration(m, stage);
    const hook: LoaderHook = stage === "validate" ? "valDataloader" : stage === "test" ? "testDataloader" : "predictDataloader";
    if (!this.hasLoaderSource(loaders, hook)) {
      throw new MisconfigurationException(`No \`${SNAKE[hook]}()\` method defined to run \`Trainer.${stage}\`.`);
    }
    this.loggerConnector.resetMetrics();
    const ckptPath = opts.ckptPath ?? null;
    const ckpt = ckptPath === null ? null : await this.readCheckpoint(ckptPath);
    await this.prepareDataAndSetup(stage);
    if (ckpt) {
      await prefetchCheckpointData(this);
      restoreModelAndCallbacks(this, ckpt, ckptPath!);
    }
    const loader = loaders ?? this.loaderFromHooks(hook);
    if (loader === null) throw new MisconfigurationException(`No \`${SNAKE[hook]}()\` method defined to run \`Trainer.${stage}\`.`);
    let out: Record<string, number>[] | unknown[] | null;
    if (stage === "predict") {
      const predictions = await new PredictionLoop(this).run(loader, loaderLength(loader));
      out = opts.returnPredictions === false ? null : predictions;
    } else {
      const limitFlag = stage === "validate" ? this.limitValBatches : undefined;
      const limit = applyLimit(loaderLength(loader), limitFlag, stage === "validate" ? "limit_val_batches" : "limit_test_batches");
      out = [await this.evaluationLoop.run(loader, limit, stage)];
    }
    await this.teardownHook(stage);
    return out;
  }

  private attach(model: LightningModule, datamodule: LightningDataModule | null = null): void {
    this.lightningModule = model;
    model.trainer = this;
    this.datamodule = datamodule;
    if (datamodule !== null) datamodule.trainer = this;
  }

  private verifyFitConfiguration(model: LightningModule, trainLoader: unknown, valLoader: unknown): void {
    if (!this.hasLoaderSource(trainLoader, "trainDataloader")) throw new MisconfigurationException(NO_TRAIN_LOADER);
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
    const hasValLoader = this.hasLoaderSource(valLoader, "valDataloader");
    if (hasValLoader && !hasValStep) rankZeroWarn("You passed in a `val_dataloader` but have no `validation_step`. Skipping val loop.");
    if (hasValStep && !hasValLoader) rankZeroWarn("You defined a `validation_step` but have no `val_dataloader`. Skipping val loop.");
    if (model.automaticOptimization) {
      const overridden = isOverridden(model, "optimizerStep") || isOverridden(model, "optimizerZeroGrad");
      if (overridden && this.accumulationScheduler.goingToAccumulateGradBatches()) {
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
      this.callHook("onSanityCheckStart");
      await this.evaluationLoop.run(this.valLoader, Math.min(steps, this.valBatchLimit()));
      this.callHook("onSanityCheckEnd");
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

type LoaderHook = "trainDataloader" | "valDataloader" | "testDataloader" | "predictDataloader";

const NO_TRAIN_LOADER =
  "No `train_dataloader()` method defined. Lightning `Trainer` expects as minimum a" +
  " `training_step()`, `train_dataloader()` and `configure_optimizers()` to be defined.";

const SNAKE: Record<LoaderHook, string> = {
  trainDataloader: "train_dataloader", valDataloader: "val_dataloader", testDataloader: "test_dataloader", predictDataloader: "predict_dataloader",
};

/** Lightning's __verify_eval_loop_configuration: the step the entry point runs must exist. */
function verifyEvalConfiguration(model: LightningModule, stage: "validate" | "test" | "predict"): void {
  if (stage === "predict") {
    if ((model as any).predictStep === null || (model as any).predictStep === undefined) {
      throw new MisconfigurationException("`predict_step` cannot be None to run `Trainer.predict`");
    }
    if (!isOverridden(model, "predictStep") && !isOverridden(model, "forward")) {
      throw new MisconfigurationException("`Trainer.predict` requires `forward` method to run.");
    }
    return;
  }
  const step = stage === "validate" ? "validationStep" : "testStep";
  if (!isOverridden(model, step)) {
    throw new MisconfigurationException(`No \`${stage === "validate" ? "validation_step" : "test_step"}()\` method defined to run \`Trainer.${stage}\`.`);
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as { then?: unknown }).then === "function";
}
