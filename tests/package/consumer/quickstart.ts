// The consumer project's program: what a user writes after `npm i fulgur`, strict TypeScript.
// Run as is by Node (type stripping is not needed: the test runs the .mjs twin), Deno and Bun.
import { DataLoader, LightningModule, Linear, SGD, Trainer, mseLoss, type Tensor } from "fulgur";

interface Batch {
  x: Tensor;
  y: Tensor;
}

class Regressor extends LightningModule {
  lin = new Linear(2, 1);
  override trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = mseLoss(this.lin.call(batch.x), batch.y);
    this.log("loss", loss, { progBar: true });
    return loss;
  }
  override configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.1 });
  }
}

const x = [[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2], [2, 2], [0, 2]];
const y = x.map(([a, b]) => [2 * a + b]);
const trainer = new Trainer({ maxEpochs: 3, enableCheckpointing: false, logger: false, enableProgressBar: false, enableModelSummary: false });
const model = new Regressor();
await trainer.fit(model, new DataLoader({ x, y }, { batchSize: 4 }));
console.log(JSON.stringify({ globalStep: trainer.globalStep, loss: trainer.callbackMetrics["loss"] }));
