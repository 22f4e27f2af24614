// ExponentialLR: lr *= gamma every epoch.
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { pow } from "../../backend/scalar_math.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** ExponentialLR's options. */
export interface ExponentialLROptions extends SchedulerBaseOptions {
  gamma: number;
}

/** torch.optim.lr_scheduler.ExponentialLR: the lr times `gamma` every step. */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, opts: ExponentialLROptions) {

    validateSchedulerOptions("ExponentialLR", opts);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.gamma = opts.gamma;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return this.groupLrs();
    return this.groups.map((g) => g.lr * this.gamma);
  }

  closedFormLr(): number[] {
    return this.baseLrs.map((baseLr) => baseLr * pow(this.gamma, this.lastEpoch));
  }
}
