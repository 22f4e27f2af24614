// Lightning 1.9.5's `Tuner` (tuner/tuning.py), the LR finder part:
// `await new Tuner(trainer).lrFind(model, trainLoader, { minLr, maxLr, numTraining, mode, earlyStopThreshold, updateAttr })`.
import { FulgurError, MisconfigurationException } from "../errors.ts";
import type { LightningModule } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { LearningRateFinder } from "./learning_rate_finder.ts";
import type { LRFinderResult, LRFindOptions } from "./lr_finder.ts";

/** Tuner.lrFind's options: lrFind's plus the loaders, datamodule and method. */
export interface TunerLRFindOptions extends LRFindOptions {
  valDataloaders?: unknown;
  /** Only for method "fit": the loaders of the other stages are not accepted. */
  dataloaders?: unknown;
  datamodule?: unknown;
  method?: "fit" | "validate" | "test" | "predict";
}

/** Lightning's Tuner: lrFind (the learning-rate range test) on a module before fit. */
export class Tuner {
  constructor(readonly trainer: Trainer) {}

  /** Runs the LR range test inside a fit of `model` that ends right after it; the model comes back untrained. */
  async lrFind(model: LightningModule, trainDataloaders: unknown = null, opts: TunerLRFindOptions = {}): Promise<LRFinderResult | null> {
    const method = opts.method ?? "fit";
    if (method !== "fit") throw new MisconfigurationException(`method='${method}' is an invalid configuration to run lr finder.`);
    if (opts.dataloaders !== undefined && opts.dataloaders !== null) {
      throw new MisconfigurationException(
        "In tuner with method='fit', `dataloaders` argument should be None, please consider setting `train_dataloaders` and `val_dataloaders` instead.",
      );
    }
    if (this.trainer.callbacks.some((cb) => cb instanceof LearningRateFinder)) {
      throw new MisconfigurationException("Trainer is already configured with a `LearningRateFinder` callback.Please remove it if you want to use the Tuner.");
    }
    const { valDataloaders, datamodule, method: _m, dataloaders: _d, ...findOpts } = opts;
    const finder = new LearningRateFinder(findOpts);
    finder.earlyExit = true;
    this.trainer.callbacks.unshift(finder);
    try {
      await this.trainer.fit(model, trainDataloaders as any, (valDataloaders ?? null) as any, datamodule === undefined ? {} : { datamodule } as any);
    } finally {
      const i = this.trainer.callbacks.indexOf(finder);
      if (i >= 0) this.trainer.callbacks.splice(i, 1);
    }
    if (finder.lrFinder === null) throw new FulgurError("the LR finder did not run (the fit ended before onFitStart)");
    return finder.lrFinder;
  }
}
