// ConstantLR: lr * factor until totalIters, then back to the base lr.
import { ValueError } from "./errors.ts";
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** ConstantLR's options. */
export interface ConstantLROptions extends SchedulerBaseOptions {
  factor?: number;
  totalIters?: number;
}

/** torch.optim.lr_scheduler.ConstantLR: the lr times `factor` until `totalIters`, then the base lr. */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: SchedulableOptimizer, opts: ConstantLROptions = {}) {

    validateSchedulerOptions("ConstantLR", opts);
    const factor = opts.factor ?? 1.0 / 3;
    if (factor > 1.0 || factor < 0) throw new ValueError("Constant multiplicative factor expected to be between 0 and 1.");
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.factor = factor;
    this.totalIters = opts.totalIters ?? 5;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groupLrs();
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  closedFormLr(): number[] {
    const reached = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((baseLr) => baseLr * (this.factor + reached * (1 - this.factor)));
  }
}
