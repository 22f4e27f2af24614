// The guide's gradient accumulation in manual optimization: backward every batch, but step
// and zero the gradients only every n batches ((batchIdx + 1) % n === 0).
//
//   node scripts/run_example.mjs examples/manual/accumulate.ts
import { init, DataLoader, LightningModule, Linear, manualSeed, mseLoss, SGD, Trainer, type Tensor } from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class AccumulatingModel extends LightningModule {
  net = new Linear(3, 1);
  losses: number[] = [];
  /** [epoch, batchIdx] of every batch after which the weights had changed. */
  steppedAt: Array<[number, number]> = [];

  constructor(readonly n: number) {
    super();
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  computeLoss(batch: Batch): Tensor {
    return mseLoss(this.forward(batch.x), batch.y);
  }

  trainingStep(batch: Batch, batchIdx: number): void {
    const opt = this.optimizers();
    const before = this.net.weight.dataSync();

    const loss = this.computeLoss(batch);
    this.manualBackward(loss);

    // accumulate gradients of n batches
    if ((batchIdx + 1) % this.n === 0) {
      opt.step();
      opt.zeroGrad();
    }

    this.losses.push(loss.item());
    const after = this.net.weight.dataSync();
    if (after.some((v, i) => v !== before[i])) this.steppedAt.push([this.currentEpoch, batchIdx]);
  }

  configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.02 });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const n = 3;
  const data = linearRegression(64, [1.5, -2, 0.5], 0.3, 0.05, 2);
  const loader = new DataLoader(data, { batchSize: 8 }); // 8 batches: steps after batches 2 and 5
  const model = new AccumulatingModel(n);
  const trainer = new Trainer({ maxEpochs: 3, enableProgressBar: false });
  await trainer.fit(model, loader);

  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`manual/accumulate (n=${n}): loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}`);
  console.log(`optimizer stepped after batches ${model.steppedAt.map(([e, b]) => `${e}:${b}`).join(" ")}; global_step ${trainer.globalStep}`);
  return { n, firstLoss, lastLoss, steppedAt: model.steppedAt, globalStep: trainer.globalStep, batchesPerEpoch: loader.length!, epochs: trainer.currentEpoch };
}

if (isMain("accumulate")) await main();
