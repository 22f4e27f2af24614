// MultiplicativeLR: lr *= lambda(epoch) on every step after the first.
import { lambdasPerGroup, lambdaStateDict, loadLambdaStateDict, type LambdaLROptions } from "./lambda_lr.ts";
import { LRScheduler } from "./lr_scheduler.ts";
import type { SchedulerStateDict } from "./state.ts";
import type { LrLambda, SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** MultiplicativeLR's options. */
export type MultiplicativeLROptions = LambdaLROptions;

/** torch.optim.lr_scheduler.MultiplicativeLR: the lr times `lrLambda(epoch)` every step. */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: SchedulableOptimizer, opts: MultiplicativeLROptions) {

    validateSchedulerOptions("MultiplicativeLR", opts);
    const lrLambdas = lambdasPerGroup(optimizer, opts.lrLambda);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.lrLambdas = lrLambdas;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch > 0) return this.groups.map((g, i) => g.lr * this.lrLambdas[i]!(this.lastEpoch));
    return this.groupLrs();
  }

  override stateDict(): SchedulerStateDict {
    return lambdaStateDict(this);
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    loadLambdaStateDict(this, sd);
  }
}
