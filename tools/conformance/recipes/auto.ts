// `auto`: training_step returns L(optimizer_idx); Lightning's loop does the rest.
import { ScenarioModule } from "./base.ts";
import type { Batch } from "../build_data.ts";

export class Auto extends ScenarioModule {
  trainingStep(batch: Batch, _batchIdx: number, optimizerIdx = 0): any {
    this.currentOptimizerIdx = optimizerIdx;
    const loss = this.lossFor(optimizerIdx, batch);
    this.log("loss", loss);
    return loss;
  }
}
