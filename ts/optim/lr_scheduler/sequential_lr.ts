// SequentialLR (torch 1.13): hands over from one scheduler to the next at each milestone.
// Construction undoes the children's construction steps and re-runs only the first's.
import { FulgurTypeError } from "../../errors.ts";
import { ValueError } from "./errors.ts";
import { LRScheduler } from "./lr_scheduler.ts";
import { bisectRight } from "./py_semantics.ts";
import { applyWrapperState, wrapperState, type SchedulerStateDict } from "./state.ts";
import type { SchedulableOptimizer } from "./types.ts";
import { validateSchedulerOptions } from "../../validation/scheduler_options.ts";

/** SequentialLR's options: the schedulers and the milestones between them. */
export interface SequentialLROptions {
  schedulers: LRScheduler[];
  milestones: number[];
  lastEpoch?: number;
  verbose?: boolean;
}

/** torch.optim.lr_scheduler.SequentialLR: hands over from one scheduler to the next at each milestone. */
export class SequentialLR extends LRScheduler {
  schedulers: LRScheduler[];
  milestones: number[];

  constructor(optimizer: SchedulableOptimizer, opts: SequentialLROptions) {

    validateSchedulerOptions("SequentialLR", opts);
    const { schedulers, milestones } = opts;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new ValueError(
          "Sequential Schedulers expects all schedulers to belong to the same optimizer, but " +
            `got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError(
        "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone " +
          `points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    super(optimizer, null);
    this.schedulers = schedulers;
    this.milestones = milestones.slice();
    this.lastEpoch = (opts.lastEpoch ?? -1) + 1;
    // torch 1.13 never sets verbose on SequentialLR; kept for the children's printing only
    for (const group of optimizer.paramGroups) group.lr = group.initialLr as number;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]!.initialStep();
    this.lastLr = schedulers[0]!.getLastLr();
  }

  getLr(): number[] {
    return this.getLastLr();
  }

  override step(epoch?: number): void {
    if (epoch !== undefined) throw new FulgurTypeError("SequentialLR.step() takes 1 positional argument but 2 were given");
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    return wrapperState(this);
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    applyWrapperState(this, sd);
  }
}
