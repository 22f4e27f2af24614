// `manual_accumulate` { n }: the guide's manual accumulation — backward every batch, step and
// zero_grad every n-th batch.
import { ManualModule } from "./manual_base.ts";
import type { Batch } from "../build_data.ts";

export class ManualAccumulate extends ManualModule {
  trainingStep(batch: Batch, batchIdx: number): void {
    const n = this.parts.scenario.recipe.args.n as number;
    const opt = this.optimizerList()[0];
    const loss = this.lossFor(0, batch);
    this.manualBackward(loss);
    if ((batchIdx + 1) % n === 0) {
      opt.step();
      this.recordedZeroGrad(opt);
    }
    this.log("loss", loss);
  }
}
