// Lightning 1.9.5's `Callback`: every hook is a no-op here; the trainer calls a hook on each
// callback (in the order given) before the LightningModule's hook of the same name, as
// Lightning 1.9.5's `_call_callback_hooks` does. Hooks get (trainer, module, ...hook args).
import type { LightningModule } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";

/* eslint-disable @typescript-eslint/no-unused-vars */
/** Lightning's Callback: override the hooks you need; each receives the trainer and the module. */
export abstract class Callback {
  /** Key of this callback's state in a checkpoint (Lightning's `state_key`): the class name
   *  plus, for callbacks that may appear several times, the arguments that tell them apart. */
  get stateKey(): string {
    return this.constructor.name;
  }

  setup(trainer: Trainer, module: LightningModule, stage: string): void {}
  teardown(trainer: Trainer, module: LightningModule, stage: string): void {}
  onFitStart(trainer: Trainer, module: LightningModule): void {}
  onFitEnd(trainer: Trainer, module: LightningModule): void {}
  onSanityCheckStart(trainer: Trainer, module: LightningModule): void {}
  onSanityCheckEnd(trainer: Trainer, module: LightningModule): void {}
  onTrainStart(trainer: Trainer, module: LightningModule): void {}
  onTrainEnd(trainer: Trainer, module: LightningModule): void {}
  onTrainEpochStart(trainer: Trainer, module: LightningModule): void {}
  onTrainEpochEnd(trainer: Trainer, module: LightningModule): void {}
  onTrainBatchStart(trainer: Trainer, module: LightningModule, batch: any, batchIdx: number): void {}
  onTrainBatchEnd(trainer: Trainer, module: LightningModule, outputs: any, batch: any, batchIdx: number): void {}
  onValidationStart(trainer: Trainer, module: LightningModule): void {}
  onValidationEnd(trainer: Trainer, module: LightningModule): void {}
  onValidationEpochStart(trainer: Trainer, module: LightningModule): void {}
  onValidationEpochEnd(trainer: Trainer, module: LightningModule): void {}
  onValidationBatchStart(trainer: Trainer, module: LightningModule, batch: any, batchIdx: number, dataloaderIdx: number): void {}
  onValidationBatchEnd(trainer: Trainer, module: LightningModule, outputs: any, batch: any, batchIdx: number, dataloaderIdx: number): void {}
  onTestStart(trainer: Trainer, module: LightningModule): void {}
  onTestEnd(trainer: Trainer, module: LightningModule): void {}
  onTestEpochStart(trainer: Trainer, module: LightningModule): void {}
  onTestEpochEnd(trainer: Trainer, module: LightningModule): void {}
  onTestBatchStart(trainer: Trainer, module: LightningModule, batch: any, batchIdx: number, dataloaderIdx: number): void {}
  onTestBatchEnd(trainer: Trainer, module: LightningModule, outputs: any, batch: any, batchIdx: number, dataloaderIdx: number): void {}
  onPredictStart(trainer: Trainer, module: LightningModule): void {}
  onPredictEnd(trainer: Trainer, module: LightningModule): void {}
  onPredictEpochStart(trainer: Trainer, module: LightningModule): void {}
  onPredictEpochEnd(trainer: Trainer, module: LightningModule, results: any[]): void {}
  onPredictBatchStart(trainer: Trainer, module: LightningModule, batch: any, batchIdx: number, dataloaderIdx: number): void {}
  onPredictBatchEnd(trainer: Trainer, module: LightningModule, outputs: any, batch: any, batchIdx: number, dataloaderIdx: number): void {}
  onBeforeBackward(trainer: Trainer, module: LightningModule, loss: any): void {}
  onAfterBackward(trainer: Trainer, module: LightningModule): void {}
  onBeforeOptimizerStep(trainer: Trainer, module: LightningModule, optimizer: any, optimizerIdx: number): void {}
  onBeforeZeroGrad(trainer: Trainer, module: LightningModule, optimizer: any): void {}
  onException(trainer: Trainer, module: LightningModule, error: unknown): void {}
  /** Called while a checkpoint is built; may add keys to it. */
  onSaveCheckpoint(trainer: Trainer, module: LightningModule, checkpoint: Record<string, unknown>): void {}
  /** Called with the whole checkpoint before the callbacks' states are loaded. */
  onLoadCheckpoint(trainer: Trainer, module: LightningModule, checkpoint: Record<string, unknown>): void {}
  /** JSON-able state saved in checkpoints under `stateKey` ({} = nothing saved). */
  stateDict(): Record<string, unknown> {
    return {};
  }
  loadStateDict(state: Record<string, unknown>): void {}
}

/** Hooks the trainer dispatches to callbacks when it calls the module hook of the same name. */
export const CALLBACK_HOOKS: ReadonlySet<string> = new Set([
  "setup", "teardown", "onFitStart", "onFitEnd", "onSanityCheckStart", "onSanityCheckEnd", "onTrainStart", "onTrainEnd",
  "onTrainEpochStart", "onTrainEpochEnd", "onTrainBatchStart", "onTrainBatchEnd", "onValidationStart", "onValidationEnd",
  "onValidationEpochStart", "onValidationEpochEnd", "onValidationBatchStart", "onValidationBatchEnd", "onBeforeBackward",
  "onAfterBackward", "onBeforeOptimizerStep", "onBeforeZeroGrad",
  "onTestStart", "onTestEnd", "onTestEpochStart", "onTestEpochEnd", "onTestBatchStart", "onTestBatchEnd",
  "onPredictStart", "onPredictEnd", "onPredictEpochStart", "onPredictEpochEnd", "onPredictBatchStart", "onPredictBatchEnd",
]);
