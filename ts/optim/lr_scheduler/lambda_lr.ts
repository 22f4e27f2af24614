// LambdaLR: lr = base_lr * lambda(epoch), one lambda per group.
import { ValueError } from "./errors.ts";
import { LRScheduler, type SchedulerBaseOptions } from "./lr_scheduler.ts";
import { applyState, collectState, type SchedulerStateDict } from "./state.ts";
import type { LrLambda, SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** LambdaLR's options. */
export interface LambdaLROptions extends SchedulerBaseOptions {
  lrLambda: LrLambda | LrLambda[];
}

/** One lambda per param group (torch's lr_lambdas list), validated like torch. */
export function lambdasPerGroup(optimizer: SchedulableOptimizer, lrLambda: LrLambda | LrLambda[]): LrLambda[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(lrLambda)) return new Array<LrLambda>(n).fill(lrLambda);
  if (lrLambda.length !== n) throw new ValueError(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
  return lrLambda.slice();
}

/** Lambdas are not serialised (torch stores None for plain functions). */
export function lambdaStateDict(obj: { lrLambdas: LrLambda[] }): SchedulerStateDict {
  const sd = collectState(obj, ["lrLambdas"]);
  sd.lrLambdas = obj.lrLambdas.map(() => null);
  return sd;
}

export function loadLambdaStateDict(obj: object, sd: SchedulerStateDict): void {
  applyState(obj, sd, ["lrLambdas"]);
}

/** torch.optim.lr_scheduler.LambdaLR: the base lr times `lrLambda(epoch)`. */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: SchedulableOptimizer, opts: LambdaLROptions) {

    validateSchedulerOptions("LambdaLR", opts);
    const lrLambdas = lambdasPerGroup(optimizer, opts.lrLambda);
    super(optimizer, opts.lastEpoch ?? -1, opts.verbose ?? false);
    this.lrLambdas = lrLambdas;
    this.initialStep();
  }

  getLr(): number[] {
    return this.baseLrs.map((baseLr, i) => baseLr * this.lrLambdas[i]!(this.lastEpoch));
  }

  override stateDict(): SchedulerStateDict {
    return lambdaStateDict(this);
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    loadLambdaStateDict(this, sd);
  }
}
