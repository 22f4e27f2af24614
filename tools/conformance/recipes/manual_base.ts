// Shared pieces of the manual recipes: automatic optimization off, and zero_grad calls that
// record themselves (Lightning has no hook there).
import { ScenarioModule, type ScenarioParts } from "./base.ts";

export class ManualModule extends ScenarioModule {
  constructor(parts: ScenarioParts) {
    super(parts);
    this.automaticOptimization = false;
  }

  /** self.optimizers() as a list. */
  optimizerList(): any[] {
    const o = this.optimizers();
    return Array.isArray(o) ? o : [o];
  }

  /** self.lr_schedulers() as a list. */
  schedulerList(): any[] {
    const s = this.lrSchedulers();
    return s == null ? [] : Array.isArray(s) ? s : [s];
  }

  recordedZeroGrad(opt: any): void {
    this.event("zero_grad", this.optimizerIndexOf(opt));
    opt.zeroGrad();
  }

  stepScheduler(sch: any, metric?: unknown): void {
    this.event("sched", this.optimizerIndexOf(sch.optimizer));
    if (metric === undefined) sch.step();
    else sch.step(metric);
  }
}
