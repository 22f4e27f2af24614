// LinearLR: the multiplicative factor moves linearly from startFactor to endFactor over totalIters.
import { ValueError } from "./errors.ts";
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** LinearLR's options. */
export interface LinearLROptions extends SchedulerBaseOptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
}

/** torch.optim.lr_scheduler.LinearLR: the lr factor moves linearly from `startFactor` to `endFactor` over `totalIters`. */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: SchedulableOptimizer, opts: LinearLROptions = {}) {

    validateSchedulerOptions("LinearLR", opts);
    const startFactor = opts.startFactor ?? 1.0 / 3;
    const endFactor = opts.endFactor ?? 1.0;
    if (startFactor > 1.0 || startFactor < 0) throw new ValueError("Starting multiplicative factor expected to be between 0 and 1.");
    if (endFactor > 1.0 || endFactor < 0) throw new ValueError("Ending multiplicative factor expected to be between 0 and 1.");
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = opts.totalIters ?? 5;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.startFactor);
    if (this.lastEpoch > this.totalIters) return this.groupLrs();
    const d = this.endFactor - this.startFactor;
    // torch's op order: lr * (1 + d / (T * s + (e - 1) * d))
    return this.groups.map((g) => g.lr * (1 + d / (this.totalIters * this.startFactor + (this.lastEpoch - 1) * d)));
  }

  closedFormLr(): number[] {
    const d = this.endFactor - this.startFactor;
    const e = Math.min(this.totalIters, this.lastEpoch);
    return this.baseLrs.map((baseLr) => baseLr * (this.startFactor + (d * e) / this.totalIters));
  }
}
