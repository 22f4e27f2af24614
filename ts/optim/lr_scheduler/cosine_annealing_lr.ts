// CosineAnnealingLR in torch's RECURSIVE (chainable) form: each lr is derived from the
// group's current lr, so it differs in the last bits from the closed form and keeps
// cycling past T_max exactly as torch's does.
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { pyMod } from "./py_semantics.ts";
import { correctlyRoundedCos as cos } from "./correctly_rounded_cos.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** CosineAnnealingLR's options. */
export interface CosineAnnealingLROptions extends SchedulerBaseOptions {
  tMax: number;
  etaMin?: number;
}

/** torch.optim.lr_scheduler.CosineAnnealingLR: cosine from the base lr down to `etaMin` over `tMax` steps. */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(optimizer: SchedulableOptimizer, opts: CosineAnnealingLROptions) {

    validateSchedulerOptions("CosineAnnealingLR", opts);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.tMax = opts.tMax;
    this.etaMin = opts.etaMin ?? 0;
    this.initialStep();
  }

  getLr(): number[] {
    const e = this.lastEpoch;
    const T = this.tMax;
    const eta = this.etaMin;
    if (e === 0) return this.groupLrs();
    if (this.stepCount === 1 && e > 0) {
      // resumed with lastEpoch given: jump straight to the closed form
      return this.baseLrs.map((baseLr) => eta + ((baseLr - eta) * (1 + cos((e * Math.PI) / T))) / 2);
    }
    if (pyMod(e - 1 - T, 2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i]! - eta) * (1 - cos(Math.PI / T))) / 2);
    }
    const ratio = (1 + cos((Math.PI * e) / T)) / (1 + cos((Math.PI * (e - 1)) / T));
    return this.groups.map((g) => ratio * (g.lr - eta) + eta);
  }

  closedFormLr(): number[] {
    const c = cos((Math.PI * this.lastEpoch) / this.tMax);
    return this.baseLrs.map((baseLr) => this.etaMin + ((baseLr - this.etaMin) * (1 + c)) / 2);
  }
}
