// `manual_plateau`: manual_basic; the guide's training_epoch_end steps every ReduceLROnPlateau
// with callback_metrics["loss"].
import { ReduceLROnPlateau } from "../../../ts/optim/lr_scheduler/index.ts";
import { ManualBasic } from "./manual_basic.ts";

export class ManualPlateau extends ManualBasic {
  trainingEpochEnd(_outputs: unknown): void {
    for (const sch of this.schedulerList()) {
      if (sch instanceof ReduceLROnPlateau) this.stepScheduler(sch, this.trainer!.callbackMetrics["loss"]);
    }
  }
}
