// `manual_closure`: the guide's closure (forward, zero_grad, manual_backward) handed to
// opt.step; logs what step returns, as Lightning does (LBFGS: the first closure evaluation).
// trainingStep is async and awaits the step, as a user on webgpu must: there LBFGS's step reads
// the loss asynchronously and returns a Promise (on WASM/cpu it returns the value; awaiting it
// changes nothing).
import { ManualModule } from "./manual_base.ts";
import type { Batch } from "../build_data.ts";

export class ManualClosure extends ManualModule {
  async trainingStep(batch: Batch): Promise<void> {
    const opt = this.optimizerList()[0];
    const closure = () => {
      const loss = this.lossFor(0, batch);
      this.recordedZeroGrad(opt);
      this.manualBackward(loss);
      return loss;
    };
    const loss = await opt.step({ closure });
    this.log("loss", loss);
  }
}
