// The guide's "access your own optimizer" in an optimizerStep override. Two models:
//   - default style: optimizer.step({ closure: optimizerClosure }) through the LightningOptimizer;
//   - raw: optimizer.optimizer.step(optimizerClosure) on the wrapped torch-style optimizer.
// Both train; the raw step bypasses Lightning's precision plugin, so onBeforeOptimizerStep
// (and Trainer-driven clipping) never run. globalStep counts optimizerStep calls either way.
//
//   node scripts/run_example.mjs examples/auto/raw_optimizer.ts
import {
  init, DataLoader, LightningModule, LightningOptimizer, Linear, manualSeed, mseLoss, SGD, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

abstract class Regressor extends LightningModule {
  net = new Linear(3, 1);
  losses: number[] = [];
  beforeOptimizerStepCalls = 0;

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.losses.push(loss.item());
    return loss;
  }

  onBeforeOptimizerStep(): void {
    this.beforeOptimizerStepCalls++;
  }

  configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.05 });
  }
}

class ThroughLightning extends Regressor {
  // function hook in LightningModule
  optimizerStep(
    _epoch: number, _batchIdx: number, optimizer: LightningOptimizer, _optimizerIdx: number,
    optimizerClosure: () => unknown,
  ): void {
    optimizer.step({ closure: optimizerClosure });
  }
}

class RawOptimizer extends Regressor {
  rawIsSgd = false;
  // optimizer is a LightningOptimizer wrapping the optimizer. To access it:
  optimizerStep(
    _epoch: number, _batchIdx: number, optimizer: LightningOptimizer, _optimizerIdx: number,
    optimizerClosure: () => unknown,
  ): void {
    const raw = optimizer.optimizer;
    this.rawIsSgd = raw instanceof SGD;
    raw.step(optimizerClosure);
  }
}

async function run(model: Regressor, data: ReturnType<typeof linearRegression>) {
  const trainer = new Trainer({ maxEpochs: 3, enableProgressBar: false });
  await trainer.fit(model, new DataLoader(data, { batchSize: 8 }));
  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(
    `${model.constructor.name}: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}; global_step ${trainer.globalStep};` +
      ` on_before_optimizer_step calls ${model.beforeOptimizerStepCalls}`,
  );
  return { firstLoss, lastLoss, globalStep: trainer.globalStep, beforeOptimizerStepCalls: model.beforeOptimizerStepCalls, params: model.net.weight.dataSync() };
}

export async function main() {
  await init();
  const data = linearRegression(48, [1, -1, 2], 0, 0.05, 12);
  manualSeed(0);
  const throughLightning = await run(new ThroughLightning(), data);
  manualSeed(0);
  const rawModel = new RawOptimizer();
  const raw = { ...(await run(rawModel, data)), rawIsSgd: rawModel.rawIsSgd };
  return { throughLightning, raw };
}

if (isMain("raw_optimizer")) await main();
