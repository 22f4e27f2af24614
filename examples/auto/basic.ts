// Automatic optimization: trainingStep returns the loss; Lightning runs the closure
// (trainingStep → zeroGrad → backward) inside optimizer.step() and counts one global step
// per optimizer step.
//
//   node scripts/run_example.mjs examples/auto/basic.ts
import {
  init, Adam, DataLoader, LightningModule, Linear, manualSeed, mseLoss, Sequential, Tanh, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class Regressor extends LightningModule {
  net = new Sequential(new Linear(3, 16), new Tanh(), new Linear(16, 1));
  losses: number[] = [];

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("train_loss", loss);
    this.losses.push(loss.item());
    return loss;
  }

  configureOptimizers() {
    return new Adam(this.parameters(), { lr: 0.01 });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const data = linearRegression(64, [1, -2, 0.5], 0.5, 0.05, 8);
  const loader = new DataLoader(data, { batchSize: 16, shuffle: true, seed: 8 });
  const model = new Regressor();
  const trainer = new Trainer({ maxEpochs: 10, enableProgressBar: false });
  await trainer.fit(model, loader);

  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`auto/basic: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}`);
  console.log(`global_step ${trainer.globalStep} (${trainer.currentEpoch} epochs × ${loader.length} batches)`);
  return {
    firstLoss, lastLoss, globalStep: trainer.globalStep, batchesPerEpoch: loader.length!, epochs: trainer.currentEpoch,
    loggedLoss: trainer.callbackMetrics.train_loss,
  };
}

if (isMain("basic")) await main();
