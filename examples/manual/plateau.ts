// The guide's metric-driven scheduler in manual optimization: trainingEpochEnd steps a
// ReduceLROnPlateau on `this.trainer.callbackMetrics.loss` (the last "loss" logged).
//
//   node scripts/run_example.mjs examples/manual/plateau.ts
import {
  init, DataLoader, LightningModule, Linear, manualSeed, mseLoss, ReduceLROnPlateau, ReLU, Sequential, SGD, Trainer,
  type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };
export const PLATEAU = { mode: "min", factor: 0.5, patience: 0, threshold: 0.1 } as const;

class PlateauModel extends LightningModule {
  net = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
  /** Per epoch: the metric the scheduler saw and the lr after its step. */
  epochs: Array<{ loss: number; lrBefore: number; lrAfter: number }> = [];

  constructor() {
    super();
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    const opt = this.optimizers();
    opt.zeroGrad();
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.manualBackward(loss);
    opt.step();
    this.log("loss", loss);
  }

  trainingEpochEnd(_outputs: unknown[]): void {
    const sch = this.lrSchedulers();
    const lrBefore = this.optimizers().paramGroups[0].lr;
    // If the selected scheduler is a ReduceLROnPlateau scheduler.
    if (sch instanceof ReduceLROnPlateau) {
      sch.step(this.trainer!.callbackMetrics.loss);
    }
    const lrAfter = this.optimizers().paramGroups[0].lr;
    this.epochs.push({ loss: this.trainer!.callbackMetrics.loss, lrBefore, lrAfter });
  }

  configureOptimizers() {
    const opt = new SGD(this.parameters(), { lr: 0.1 });
    return [[opt], [new ReduceLROnPlateau(opt, { ...PLATEAU })]];
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const data = linearRegression(48, [1, -0.5, 2], 0.2, 0.3, 6);
  const model = new PlateauModel();
  const trainer = new Trainer({ maxEpochs: 10, enableProgressBar: false });
  await trainer.fit(model, new DataLoader(data, { batchSize: 12, shuffle: true, seed: 6 }));
  model.epochs.forEach((e, i) => console.log(`epoch ${i}: loss ${e.loss.toFixed(4)}  lr ${e.lrBefore} → ${e.lrAfter}`));
  return { epochs: model.epochs, globalStep: trainer.globalStep };
}

if (isMain("plateau")) await main();
