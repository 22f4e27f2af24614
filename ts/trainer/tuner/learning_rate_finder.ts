// Lightning 1.9.5's `LearningRateFinder` callback: runs the LR range test when the fit starts
// (its optimizers configured, nothing trained yet). The Tuner adds one that then ends the fit.
import { Callback } from "../callbacks/callback.ts";
import { TunerExitException } from "../errors.ts";
import type { LightningModule } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { lrFind, type LRFinderResult, type LRFindOptions } from "./lr_finder.ts";

/** Lightning's LearningRateFinder callback: runs the lr range test at fit start (see Tuner.lrFind). */
export class LearningRateFinder extends Callback {
  /** The result of the last search (null before one ran). */
  lrFinder: LRFinderResult | null = null;
  /** Set by the Tuner: end the fit once the search is done. */
  earlyExit = false;

  constructor(readonly options: LRFindOptions = {}) {
    super();
  }

  get optimalLr(): LRFinderResult | null {
    return this.lrFinder;
  }

  async lrFind(trainer: Trainer, module: LightningModule): Promise<void> {
    this.lrFinder = await lrFind(trainer, module, this.options);
    if (this.earlyExit) throw new TunerExitException("the Tuner's LR search is done");
  }

  override onFitStart(trainer: Trainer, module: LightningModule): Promise<void> {
    return this.lrFind(trainer, module);
  }
}
