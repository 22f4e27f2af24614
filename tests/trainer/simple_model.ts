// Test helper: a one-layer regression LightningModule with switchable behaviour.
import { Linear } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { SGD } from "../../ts/optim/index.ts";
import { LightningModule } from "../../ts/index.ts";

export class Regressor extends LightningModule {
  net = new Linear(2, 1);
  calls: string[] = [];
  constructor(opts: { manual?: boolean } = {}) {
    super();
    this.automaticOptimization = !opts.manual;
  }
  forward(x: any): any { return this.net.call(x); }
  trainingStep(batch: any): any {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("loss", loss);
    if (!this.automaticOptimization) {
      const opt = this.optimizers();
      opt.zeroGrad();
      this.manualBackward(loss);
      opt.step();
      return undefined;
    }
    return loss;
  }
  validationStep(batch: any): void {
    this.log("val_loss", mseLoss(this.forward(batch.x), batch.y));
  }
  configureOptimizers(): any { return new SGD(this.parameters(), { lr: 0.05 }); }
}

export function regressionData(n: number): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i * 7) % 11) / 11 - 0.5;
    const b = ((i * 5) % 13) / 13 - 0.5;
    x.push([a, b]);
    y.push([2 * a - b + 0.1]);
  }
  return { x, y };
}
