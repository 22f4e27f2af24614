// The guide's learning-rate warm-up in an optimizerStep override: for the first warmupSteps
// global steps the lr is scaled by (globalStep + 1) / warmupSteps of
// this.hparams.learningRate, then the closure-driven step runs as usual.
// (The guide warms up over 500 steps; this short run uses 10.)
//
//   node scripts/run_example.mjs examples/auto/warmup.ts
import {
  init, DataLoader, LightningModule, LightningOptimizer, Linear, manualSeed, mseLoss, SGD, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class WarmupModel extends LightningModule {
  net = new Linear(3, 1);
  /** The lr each optimizer step used, by global step. */
  stepLrs: number[] = [];
  losses: number[] = [];

  constructor(learningRate: number, warmupSteps: number) {
    super();
    this.saveHyperparameters({ learningRate, warmupSteps });
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.losses.push(loss.item());
    return loss;
  }

  // learning rate warm-up
  optimizerStep(
    _epoch: number, _batchIdx: number, optimizer: LightningOptimizer, _optimizerIdx: number,
    optimizerClosure: () => unknown, _onTpu = false, _usingNativeAmp = false, _usingLbfgs = false,
  ): void {
    const warmupSteps = this.hparams.warmupSteps as number;
    // skip the first warmupSteps steps
    if (this.trainer!.globalStep < warmupSteps) {
      const lrScale = Math.min(1.0, (this.trainer!.globalStep + 1) / warmupSteps);
      for (const pg of optimizer.paramGroups) pg.lr = lrScale * (this.hparams.learningRate as number);
    }
    // update params
    optimizer.step({ closure: optimizerClosure });
  }

  onBeforeOptimizerStep(optimizer: any): void {
    this.stepLrs[this.trainer!.globalStep] = optimizer.paramGroups[0].lr;
  }

  configureOptimizers() {
    return new SGD(this.parameters(), { lr: this.hparams.learningRate as number });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const learningRate = 0.1;
  const warmupSteps = 10;
  const data = linearRegression(64, [2, -1, 0.5], 0.3, 0.05, 11);
  const model = new WarmupModel(learningRate, warmupSteps);
  const trainer = new Trainer({ maxEpochs: 4, enableProgressBar: false });
  await trainer.fit(model, new DataLoader(data, { batchSize: 16 })); // 16 steps

  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`auto/warmup: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}; global_step ${trainer.globalStep}`);
  console.log(`lr per step: ${model.stepLrs.map((v) => +v.toPrecision(6)).join(", ")}`);
  return { learningRate, warmupSteps, stepLrs: model.stepLrs, firstLoss, lastLoss, globalStep: trainer.globalStep };
}

if (isMain("warmup")) await main();
