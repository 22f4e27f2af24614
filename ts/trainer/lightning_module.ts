// Lightning 1.9.5's `LightningModule` in camelCase: a Module whose hooks are declared here
// once as no-ops (the trainer calls them by name) plus the helpers a training step uses:
// optimizers(), lrSchedulers(), manualBackward, clipGradients, toggleOptimizer, log.
import { Module } from "./deps.ts";
import { FulgurRuntimeError, FulgurTypeError, MisconfigurationException } from "./errors.ts";
import type { LightningOptimizer } from "./lightning_optimizer.ts";
import { logValue, type LogOptions } from "./logging/log_value.ts";
import type { InferredOptimizerConfig, OptimizerConfig } from "./optimizer_config.ts";
import type { GradClipAlgorithm } from "./precision_plugin.ts";
import { pyRepr } from "./py_format.ts";
import { checkManualLoss } from "./non_finite.ts";
import type { Trainer } from "./trainer.ts";

export interface ClipOptions { gradientClipVal?: number | null; gradientClipAlgorithm?: string | null }

/**
 * Lightning's LightningModule. `Batch` is what its loaders yield (`LightningModule<{ x: Tensor; y: Tensor }>`):
 * the steps receive it, and `Trainer.fit` checks that the DataLoader given yields it.
 */
export abstract class LightningModule<Batch = any> extends Module {
  automaticOptimization = true;
  trainer: Trainer | null = null;
  hparams: Record<string, unknown> = {};
  device = "cpu";

  /** Lightning does not require forward; calling the module without one says what is missing. */
  forward(..._args: any[]): any {
    throw new FulgurRuntimeError(`${this.constructor.name} has no forward(): define forward() to call the module directly`);
  }
  /** The hook running now; `log()` reads it to pick its defaults (Lightning's `_current_fx_name`). */
  _currentFxName: string | null = null;
  private paramRequiresGradState = new Map<any, boolean>();

  get currentEpoch(): number { return this.trainer ? this.trainer.currentEpoch : 0; }
  get globalStep(): number { return this.trainer ? this.trainer.globalStep : 0; }

  saveHyperparameters(h: Record<string, unknown>): void {
    this.hparams = { ...this.hparams, ...h };
  }

  // ---- steps (override) ------------------------------------------------------------------
  trainingStep(_batch: Batch, _batchIdx: number, _optimizerIdx?: number): any {
    throw new MisconfigurationException("`trainingStep` must be implemented to be used with the Lightning Trainer");
  }
  validationStep?(batch: Batch, batchIdx: number, dataloaderIdx?: number): any;
  trainingStepEnd?(stepOutput: any): any;
  validationStepEnd?(stepOutput: any): any;
  /** Still part of Lightning 1.9.5; called with every batch's outputs when overridden. */
  trainingEpochEnd?(outputs: any[]): void;
  validationEpochEnd?(outputs: any[]): void;
  /**
   * Lightning's configure_optimizers: the optimizers (and schedulers) in one of the shapes of
   * `OptimizerConfig` (annotate the override with it to have literals checked key by key).
   */
  configureOptimizers(): OptimizerConfig | InferredOptimizerConfig {
    return undefined;
  }

  // ---- test / predict steps and the loader hooks (optional; see Trainer.test / predict) --------
  testStep?(batch: Batch, batchIdx: number, dataloaderIdx?: number): any;
  testStepEnd?(stepOutput: any): any;
  testEpochEnd?(outputs: any[]): void;
  /** Lightning's default: the model called on the batch (needs forward). */
  predictStep(batch: any, _batchIdx: number, _dataloaderIdx = 0): any {
    return this.call(batch);
  }
  /** Loaders the Trainer uses when none are passed (and no datamodule is). */
  trainDataloader?(): unknown;
  valDataloader?(): unknown;
  testDataloader?(): unknown;
  predictDataloader?(): unknown;
  /** Called once before setup (Lightning's prepare_data). `setup(stage)` / `teardown(stage)` are called when defined. */
  prepareData(): void | Promise<void> {}

  // ---- hooks (no-ops) ------------------------------------------------------------------------
  onFitStart(): void {}
  onFitEnd(): void {}
  onTrainStart(): void {}
  onTrainEnd(): void {}
  onTrainEpochStart(): void {}
  onTrainEpochEnd(): void {}
  onTrainBatchStart(_batch: any, _batchIdx: number): number | void {}
  onTrainBatchEnd(_outputs: any, _batch: any, _batchIdx: number): void {}
  onValidationStart(): void {}
  onValidationEnd(): void {}
  onValidationEpochStart(): void {}
  onValidationEpochEnd(): void {}
  onValidationBatchStart(_batch: any, _batchIdx: number, _dataloaderIdx: number): void {}
  onValidationBatchEnd(_outputs: any, _batch: any, _batchIdx: number, _dataloaderIdx: number): void {}
  onValidationModelEval(): void { this.eval(); }
  onValidationModelTrain(): void { this.train(); }
  onTestStart(): void {}
  onTestEnd(): void {}
  onTestEpochStart(): void {}
  onTestEpochEnd(): void {}
  onTestBatchStart(_batch: any, _batchIdx: number, _dataloaderIdx: number): void {}
  onTestBatchEnd(_outputs: any, _batch: any, _batchIdx: number, _dataloaderIdx: number): void {}
  onTestModelEval(): void { this.eval(); }
  onTestModelTrain(): void { this.train(); }
  onPredictStart(): void {}
  onPredictEnd(): void {}
  onPredictEpochStart(): void {}
  onPredictEpochEnd(_results: any[]): void {}
  onPredictBatchStart(_batch: any, _batchIdx: number, _dataloaderIdx: number): void {}
  onPredictBatchEnd(_outputs: any, _batch: any, _batchIdx: number, _dataloaderIdx: number): void {}
  onPredictModelEval(): void { this.eval(); }
  onBeforeZeroGrad(_optimizer: any): void {}
  onBeforeBackward(_loss: any): void {}
  onAfterBackward(): void {}
  onBeforeOptimizerStep(_optimizer: any, _optimizerIdx: number): void {}

  // ---- optimization hooks with default behaviour ---------------------------------------------
  optimizerStep(
    _epoch: number, _batchIdx: number, optimizer: LightningOptimizer, _optimizerIdx: number,
    optimizerClosure: () => unknown, _onTpu = false, _usingNativeAmp = false, _usingLbfgs = false,
  ): unknown {
    // a Promise when the step must read the GPU asynchronously (LBFGS on WebGPU); the loop awaits it
    return optimizer.step({ closure: optimizerClosure });
  }

  optimizerZeroGrad(_epoch: number, _batchIdx: number, optimizer: any, _optimizerIdx: number): void {
    optimizer.zeroGrad();
  }

  /** args as manualBackward got them: a lone options object is torch's keyword arguments (no gradient). */
  backward(loss: any, _optimizer: any, _optimizerIdx: number | null, ...args: any[]): void {
    if (args.length === 1 && isBackwardOptions(args[0])) loss.backward(undefined, args[0]);
    else loss.backward(...args);
  }

  lrSchedulerStep(scheduler: any, _optimizerIdx: number, metric?: number | null): void {
    if (metric === null || metric === undefined) scheduler.step();
    else scheduler.step(metric);
  }

  configureGradientClipping(
    optimizer: any, _optimizerIdx: number, gradientClipVal?: number | null, gradientClipAlgorithm?: string | null,
  ): void {
    this.clipGradients(optimizer, gradientClipVal, gradientClipAlgorithm);
  }

  /** Clips the optimizer's gradients; accepts (optimizer, val, alg) or (optimizer, { gradientClipVal, gradientClipAlgorithm }). */
  clipGradients(optimizer: any, gradientClipVal?: number | null | ClipOptions, gradientClipAlgorithm?: string | null): void {
    if (typeof gradientClipVal === "object" && gradientClipVal !== null) {
      ({ gradientClipVal, gradientClipAlgorithm } = gradientClipVal);
    }
    const trainer = this.requireTrainer();
    let val = gradientClipVal as number | null | undefined;
    if (val === null || val === undefined) {
      val = trainer.gradientClipVal || 0;
    } else if (trainer.gradientClipVal !== null && trainer.gradientClipVal !== val) {
      throw new MisconfigurationException(
        `You have set \`Trainer(gradient_clip_val=${pyRepr(trainer.gradientClipVal)})\`` +
          ` and have passed \`clip_gradients(gradient_clip_val=${pyRepr(val)})\`. Please use only one of them.`,
      );
    }
    let alg: string;
    if (gradientClipAlgorithm === null || gradientClipAlgorithm === undefined) {
      alg = trainer.gradientClipAlgorithm ?? "norm";
    } else {
      alg = gradientClipAlgorithm.toLowerCase();
      if (trainer.gradientClipAlgorithm !== null && trainer.gradientClipAlgorithm !== alg) {
        throw new MisconfigurationException(
          `You have set \`Trainer(gradient_clip_algorithm=${pyRepr(trainer.gradientClipAlgorithm)})\`` +
            ` and have passed \`clip_gradients(gradient_clip_algorithm=${pyRepr(alg)}) Please use only one of them.`,
        );
      }
    }
    if (typeof val !== "number") throw new FulgurTypeError(`\`gradient_clip_val\` should be an int or a float. Got ${val}.`);
    if (alg !== "norm" && alg !== "value") {
      throw new MisconfigurationException(`\`gradient_clip_algorithm\` ${alg} is invalid. Allowed algorithms: ['value', 'norm'].`);
    }
    const raw = optimizer?.optimizer && Array.isArray(optimizer.optimizer.paramGroups) ? optimizer.optimizer : optimizer;
    trainer.precisionPlugin.clipGradients(raw, val, alg as GradClipAlgorithm);
  }

  // ---- helpers for training steps --------------------------------------------------------------
  /** One LightningOptimizer, or the list when there are several. */
  optimizers(usePlOptimizer = true): any {
    const trainer = this.requireTrainer();
    const opts: any[] = usePlOptimizer ? trainer.lightningOptimizers : trainer.optimizers;
    return opts.length === 1 ? opts[0] : opts;
  }

  /** One scheduler, a list, or null when none were configured (config keys are not returned). */
  lrSchedulers(): any {
    const configs = this.requireTrainer().lrSchedulerConfigs;
    if (!configs.length) return null;
    return configs.length === 1 ? configs[0].scheduler : configs.map((c) => c.scheduler);
  }

  /**
   * Lightning's manual_backward(loss, *args, **kwargs): the extra arguments reach `backward` and
   * from there loss.backward, e.g. manualBackward(loss, { createGraph: true, retainGraph: true }).
   */
  manualBackward(loss: any, ...args: any[]): void {
    if (this.automaticOptimization) {
      throw new MisconfigurationException(
        "to use manual_backward, please disable automatic optimization: set model property `automatic_optimization` as False",
      );
    }
    const trainer = this.requireTrainer();
    checkManualLoss(trainer, loss); // named like the automatic loop's non-finite loss
    trainer.precisionPlugin.backward(loss, null, null, ...args);
  }

  /** Only the parameters of `optimizer` keep requiresGrad; those owned only by other optimizers are frozen. */
  toggleOptimizer(optimizer: any, _optimizerIdx: number): void {
    const state = new Map<any, boolean>();
    for (const opt of this.requireTrainer().optimizers) {
      for (const group of opt.paramGroups) {
        for (const p of group.params) {
          if (state.has(p)) continue;
          state.set(p, p.requiresGrad);
          p.requiresGrad = false;
        }
      }
    }
    for (const group of optimizer.paramGroups) for (const p of group.params) p.requiresGrad = state.get(p) ?? p.requiresGrad;
    this.paramRequiresGradState = state;
  }

  untoggleOptimizer(optimizerIdx: number): void {
    this.requireTrainer().optimizers.forEach((opt: any, i: number) => {
      if (i === optimizerIdx) return;
      for (const group of opt.paramGroups) {
        for (const p of group.params) {
          const prev = this.paramRequiresGradState.get(p);
          if (prev !== undefined) p.requiresGrad = prev;
        }
      }
    });
    this.paramRequiresGradState = new Map();
  }

  log(name: string, value: unknown, opts: LogOptions = {}): void {
    logValue(this.trainer ? this.trainer.loggerConnector : null, this._currentFxName, name, value, opts);
  }

  logDict(dict: Record<string, unknown>, opts: LogOptions = {}): void {
    for (const [k, v] of Object.entries(dict)) this.log(k, v, opts);
  }

  private requireTrainer(): Trainer {
    if (this.trainer === null) {
      throw new MisconfigurationException(`${this.constructor.name} is not attached to a \`Trainer\`.`);
    }
    return this.trainer;
  }
}

/** Lightning's `is_overridden`: the subclass replaced the default (or defined an optional hook). */
/** A plain { retainGraph, createGraph } object (not a Tensor used as the gradient). */
function isBackwardOptions(a: unknown): boolean {
  return a !== null && typeof a === "object" && Object.getPrototypeOf(a) === Object.prototype;
}

/** Lightning's is_overridden: whether `model` defines its own `name` hook rather than LightningModule's default. */
export function isOverridden(model: LightningModule, name: string): boolean {
  const own = (model as any)[name];
  if (typeof own !== "function") return false;
  const base = (LightningModule.prototype as any)[name];
  return own !== base;
}
