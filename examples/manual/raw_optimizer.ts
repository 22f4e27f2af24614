// The guide's "access your own optimizer" in manual optimization: `this.optimizers()` is a
// LightningOptimizer; `.optimizer` is the torch-style optimizer it wraps. Stepping that one
// directly bypasses Lightning: no onBeforeOptimizerStep hook, and (as in Lightning 1.9.5)
// trainer.globalStep does not count those steps.
//
//   node scripts/run_example.mjs examples/manual/raw_optimizer.ts
import {
  init, DataLoader, LightningModule, LightningOptimizer, Linear, manualSeed, mseLoss, SGD, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class RawOptimizerModel extends LightningModule {
  net = new Linear(3, 1);
  losses: number[] = [];
  wrapperSeen = false;
  rawSeen = false;
  beforeOptimizerStepCalls = 0;

  constructor() {
    super();
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    let optimizer = this.optimizers();
    this.wrapperSeen = optimizer instanceof LightningOptimizer;
    // optimizer is a LightningOptimizer wrapping the optimizer. To access it:
    optimizer = optimizer.optimizer;
    this.rawSeen = optimizer instanceof SGD;

    optimizer.zeroGrad();
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.manualBackward(loss);
    optimizer.step();
    this.losses.push(loss.item());
  }

  onBeforeOptimizerStep(): void {
    this.beforeOptimizerStepCalls++;
  }

  configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.05 });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const data = linearRegression(48, [1, 0.5, -1], 0, 0.05, 3);
  const loader = new DataLoader(data, { batchSize: 8 });
  const model = new RawOptimizerModel();
  const trainer = new Trainer({ maxEpochs: 3, enableProgressBar: false });
  await trainer.fit(model, loader);

  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`manual/raw_optimizer: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}`);
  console.log(`optimizers() is a LightningOptimizer: ${model.wrapperSeen}; .optimizer is the SGD: ${model.rawSeen}`);
  console.log(`raw steps taken: ${model.losses.length}; global_step ${trainer.globalStep}; on_before_optimizer_step calls ${model.beforeOptimizerStepCalls}`);
  return {
    firstLoss, lastLoss, rawSteps: model.losses.length, globalStep: trainer.globalStep,
    wrapperSeen: model.wrapperSeen, rawSeen: model.rawSeen, beforeOptimizerStepCalls: model.beforeOptimizerStepCalls,
  };
}

if (isMain("raw_optimizer")) await main();
