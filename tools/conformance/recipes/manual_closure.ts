// `manual_closure`: the guide's closure (forward, zero_grad, manual_backward) handed to
// opt.step; logs what step returns (LBFGS: the first closure evaluation).
import { ManualModule } from "./manual_base.ts";
import type { Batch } from "../build_data.ts";

export class ManualClosure extends ManualModule {
  trainingStep(batch: Batch): void {
    const opt = this.optimizerList()[0];
    const closure = () => {
      const loss = this.lossFor(0, batch);
      this.recordedZeroGrad(opt);
      this.manualBackward(loss);
      return loss;
    };
    const loss = opt.step({ closure });
    this.log("loss", loss);
  }
}
