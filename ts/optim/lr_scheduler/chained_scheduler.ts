// ChainedScheduler (torch 1.13): steps every child on each step(); their chainable
// forms compose multiplicatively on the shared param groups.
import { FulgurTypeError } from "../../errors.ts";
import { ValueError } from "./errors.ts";
import { LRScheduler } from "./lr_scheduler.ts";
import { applyWrapperState, wrapperState, type SchedulerStateDict } from "./state.ts";

/** torch.optim.lr_scheduler.ChainedScheduler: steps every given scheduler at each step. */
export class ChainedScheduler extends LRScheduler {
  schedulers: LRScheduler[];

  constructor(schedulers: LRScheduler[]) {
    if (schedulers.length === 0) throw new ValueError("ChainedScheduler expects at least one scheduler");
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i]!.optimizer !== schedulers[0]!.optimizer) {
        throw new ValueError(
          `ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    }
    super(schedulers[0]!.optimizer, null);
    this.schedulers = schedulers.slice();
    this.lastLr = this.groupLrs();
  }

  getLr(): number[] {
    return this.getLastLr();
  }

  override step(epoch?: number): void {
    if (epoch !== undefined) throw new FulgurTypeError("ChainedScheduler.step() takes 1 positional argument but 2 were given");
    for (const s of this.schedulers) s.step();
    this.lastLr = this.groupLrs();
  }

  override stateDict(): SchedulerStateDict {
    return wrapperState(this);
  }

  override loadStateDict(sd: SchedulerStateDict): void {
    applyWrapperState(this, sd);
  }
}
