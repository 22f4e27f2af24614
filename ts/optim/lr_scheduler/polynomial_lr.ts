// PolynomialLR: lr decays as (1 - epoch / totalIters) ** power, reaching 0 at totalIters.
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { pow } from "../../backend/scalar_math.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** PolynomialLR's options. */
export interface PolynomialLROptions extends SchedulerBaseOptions {
  totalIters?: number;
  power?: number;
}

/** torch.optim.lr_scheduler.PolynomialLR: polynomial decay to zero over `totalIters`. */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: SchedulableOptimizer, opts: PolynomialLROptions = {}) {

    validateSchedulerOptions("PolynomialLR", opts);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.totalIters = opts.totalIters ?? 5;
    this.power = opts.power ?? 1.0;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch > this.totalIters) return this.groupLrs();
    const e = this.lastEpoch;
    const T = this.totalIters;
    const decay = pow((1.0 - e / T) / (1.0 - (e - 1) / T), this.power);
    return this.groups.map((g) => g.lr * decay);
  }

  closedFormLr(): number[] {
    const e = Math.min(this.totalIters, this.lastEpoch);
    return this.baseLrs.map((baseLr) => baseLr * pow(1.0 - e / this.totalIters, this.power));
  }
}
