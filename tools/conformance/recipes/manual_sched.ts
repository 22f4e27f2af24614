// `manual_sched` { every_n_batches: k } | { every_n_epochs: k }: manual_basic, then every
// scheduler steps as the guide's "step every n batches / epochs" example.
import { ManualBasic } from "./manual_basic.ts";

export class ManualSched extends ManualBasic {
  afterOptimization(batchIdx: number): void {
    const args = this.parts.scenario.recipe.args as { every_n_batches?: number; every_n_epochs?: number };
    const trainer = this.trainer!;
    const due = args.every_n_batches !== undefined
      ? (batchIdx + 1) % args.every_n_batches === 0
      : trainer.isLastBatch && (trainer.currentEpoch + 1) % args.every_n_epochs! === 0;
    if (due) for (const sch of this.schedulerList()) this.stepScheduler(sch);
  }
}
