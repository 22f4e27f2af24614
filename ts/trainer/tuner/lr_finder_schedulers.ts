// The LR finder's own schedulers (Lightning 1.9.5's tuner `_LinearLR` / `_ExponentialLR`): from
// the group's lr (set to minLr) towards endLr over numIter steps. Like Lightning's, step 1 already
// uses r = 2 / numIter (the first step past construction skips r = 1 / numIter).
import { pow } from "../../backend/scalar_math.ts";
import { LRScheduler } from "../../optim/lr_scheduler/lr_scheduler.ts";
import type { SchedulableOptimizer } from "../../optim/lr_scheduler/types.ts";

abstract class LRFinderScheduler extends LRScheduler {
  /** The lrs of the last step (Lightning's `scheduler.lr`), what the finder records per batch. */
  lr: number[] = [];

  constructor(optimizer: SchedulableOptimizer, readonly endLr: number, readonly numIter: number) {
    super(optimizer, -1);
    this.initialStep();
  }

  protected abstract at(baseLr: number, r: number): number;

  getLr(): number[] {
    const r = (this.lastEpoch + 1) / this.numIter;
    this.lr = this.lastEpoch > 0 ? this.baseLrs.map((b) => this.at(b, r)) : this.baseLrs.slice();
    return this.lr;
  }
}

export class LinearLRFinderScheduler extends LRFinderScheduler {
  protected at(baseLr: number, r: number): number {
    return baseLr + r * (this.endLr - baseLr);
  }
}

export class ExponentialLRFinderScheduler extends LRFinderScheduler {
  protected at(baseLr: number, r: number): number {
    return baseLr * pow(this.endLr / baseLr, r);
  }
}
