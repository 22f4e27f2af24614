// MultiStepLR: lr *= gamma ** (times the epoch appears in milestones) at each milestone.
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { bisectRight } from "./py_semantics.ts";
import { pow } from "../../backend/scalar_math.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** MultiStepLR's options. */
export interface MultiStepLROptions extends SchedulerBaseOptions {
  milestones: number[];
  gamma?: number;
}

/** torch.optim.lr_scheduler.MultiStepLR: the lr times `gamma` at each milestone. */
export class MultiStepLR extends LRScheduler {
  /** torch's Counter(milestones): milestone → multiplicity (string keys keep it JSON-able). */
  milestones: Record<string, number>;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, opts: MultiStepLROptions) {

    validateSchedulerOptions("MultiStepLR", opts);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.milestones = {};
    for (const m of opts.milestones) this.milestones[String(m)] = (this.milestones[String(m)] ?? 0) + 1;
    this.gamma = opts.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    const count = this.milestones[String(this.lastEpoch)];
    if (count === undefined) return this.groupLrs();
    return this.groups.map((g) => g.lr * pow(this.gamma, count));
  }

  closedFormLr(): number[] {
    const sorted: number[] = [];
    for (const [m, n] of Object.entries(this.milestones)) for (let i = 0; i < n; i++) sorted.push(Number(m));
    sorted.sort((a, b) => a - b);
    const k = bisectRight(sorted, this.lastEpoch);
    return this.baseLrs.map((baseLr) => baseLr * pow(this.gamma, k));
  }
}
