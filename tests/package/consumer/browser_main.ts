// The consumer's page: bundled by esbuild from the installed package (its "browser" condition),
// no init(), no fulgur.wasm to copy. Reports through document.body's data attributes.
import { DataLoader, LightningModule, Linear, SGD, Trainer, mseLoss, type Tensor } from "fulgur";

class Regressor extends LightningModule {
  lin = new Linear(2, 1);
  override trainingStep(batch: { x: Tensor; y: Tensor }): Tensor {
    const loss = mseLoss(this.lin.call(batch.x), batch.y);
    this.log("loss", loss);
    return loss;
  }
  override configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.1 });
  }
}

try {
  const x = [[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2], [2, 2], [0, 2]];
  const trainer = new Trainer({ maxEpochs: 3, enableCheckpointing: false, logger: false, enableProgressBar: false, enableModelSummary: false });
  await trainer.fit(new Regressor(), new DataLoader({ x, y: x.map(([a, b]) => [2 * a + b]) }, { batchSize: 4 }));
  document.body.dataset.steps = String(trainer.globalStep);
  document.body.dataset.loss = String(trainer.callbackMetrics["loss"]);
} catch (e) {
  document.body.dataset.error = String((e as Error)?.stack ?? e);
}
