// `manual_basic`: for each optimizer in order: zero_grad, manual_backward(L(i)), step.
import { ManualModule } from "./manual_base.ts";
import type { Batch } from "../build_data.ts";

export class ManualBasic extends ManualModule {
  trainingStep(batch: Batch, batchIdx: number): void {
    let loss: any = null;
    this.optimizerList().forEach((opt, i) => {
      this.recordedZeroGrad(opt);
      loss = this.lossFor(i, batch);
      this.manualBackward(loss);
      this.beforeStep(opt);
      opt.step();
    });
    this.log("loss", loss);
    this.afterOptimization(batchIdx);
  }

  /** Between backward and step (manual_clip clips here). */
  beforeStep(_opt: any): void {}

  /** After every optimizer stepped (manual_sched steps its schedulers here). */
  afterOptimization(_batchIdx: number): void {}
}
