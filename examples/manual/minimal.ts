// The guide's minimal manual optimization: automaticOptimization = false, then in
// trainingStep: opt.zeroGrad() → manualBackward(loss) → opt.step().
//
//   node scripts/run_example.mjs examples/manual/minimal.ts
import { init, DataLoader, LightningModule, Linear, manualSeed, mseLoss, SGD, Trainer, type Tensor } from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class MyModel extends LightningModule {
  net = new Linear(3, 1);
  losses: number[] = [];

  constructor() {
    super();
    // Important: this property activates manual optimization.
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  computeLoss(batch: Batch): Tensor {
    return mseLoss(this.forward(batch.x), batch.y);
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    const opt = this.optimizers();
    opt.zeroGrad();
    const loss = this.computeLoss(batch);
    this.manualBackward(loss);
    opt.step();
    this.losses.push(loss.item());
    this.log("loss", loss);
  }

  configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.05 });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const data = linearRegression(64, [1.5, -2, 0.5], 0.3, 0.05, 1);
  const loader = new DataLoader(data, { batchSize: 8, shuffle: true, seed: 1 });
  const model = new MyModel();
  const trainer = new Trainer({ maxEpochs: 4, enableProgressBar: false });
  await trainer.fit(model, loader);

  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`manual/minimal: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}`);
  console.log(`global_step ${trainer.globalStep} after ${trainer.currentEpoch} epochs of ${loader.length} batches`);
  return { firstLoss, lastLoss, losses: model.losses, globalStep: trainer.globalStep, batchesPerEpoch: loader.length!, epochs: trainer.currentEpoch };
}

if (isMain("minimal")) await main();
