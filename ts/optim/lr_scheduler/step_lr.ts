// StepLR: lr *= gamma every stepSize epochs.
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { pyFloorDiv, pyMod } from "./py_semantics.ts";
import { pow } from "../../backend/scalar_math.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** StepLR's options. */
export interface StepLROptions extends SchedulerBaseOptions {
  stepSize: number;
  gamma?: number;
}

/** torch.optim.lr_scheduler.StepLR: the lr times `gamma` every `stepSize` steps. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, opts: StepLROptions) {

    validateSchedulerOptions("StepLR", opts);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0 || pyMod(this.lastEpoch, this.stepSize) !== 0) return this.groupLrs();
    return this.groups.map((g) => g.lr * this.gamma);
  }

  closedFormLr(): number[] {
    const k = pyFloorDiv(this.lastEpoch, this.stepSize);
    return this.baseLrs.map((baseLr) => baseLr * pow(this.gamma, k));
  }
}
