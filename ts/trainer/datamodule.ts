// Lightning 1.9.5's `LightningDataModule`: the data side of a run in one class. The Trainer calls
// prepareData() once, setup(stage) before and teardown(stage) after each of fit / validate /
// test / predict ("fit", "validate", "test", "predict"), and takes its loaders from
// trainDataloader() / valDataloader() / testDataloader() / predictDataloader(). Its stateDict()
// is saved in checkpoints under its class name and handed back to loadStateDict() on resume.
import type { Trainer } from "./trainer.ts";

/** Lightning's stages: fit, validate, test, predict. */
export type Stage = "fit" | "validate" | "test" | "predict";

/** Lightning's LightningDataModule: prepareData / setup and the train / val / test / predict loaders in one object. */
export abstract class LightningDataModule {
  /** Set by the Trainer while it uses this datamodule. */
  trainer: Trainer | null = null;
  hparams: Record<string, unknown> = {};

  saveHyperparameters(h: Record<string, unknown>): void {
    this.hparams = { ...this.hparams, ...h };
  }

  /** Download / write data once (Lightning calls it on one process); do not set state here. */
  prepareData(): void | Promise<void> {}
  /** Build datasets for `stage`; called on every run before the loaders are requested. */
  setup(_stage: Stage): void | Promise<void> {}
  /** Release what setup built; called at the end of every run. */
  teardown(_stage: Stage): void | Promise<void> {}

  trainDataloader?(): unknown;
  valDataloader?(): unknown;
  testDataloader?(): unknown;
  predictDataloader?(): unknown;

  /** JSON-able state for checkpoints ({} = nothing saved). */
  stateDict(): Record<string, unknown> {
    return {};
  }
  loadStateDict(_state: Record<string, unknown>): void {}
}

export function isDataModule(x: unknown): x is LightningDataModule {
  return x instanceof LightningDataModule;
}
