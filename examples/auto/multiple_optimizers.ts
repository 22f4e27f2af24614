// The guide's configureOptimizers forms for several optimizers (automatic optimization):
//   1. two optimizers, no schedulers:             return [Adam, SGD]
//   2. two optimizers, ReduceLROnPlateau on opt1:  return [[opt1, opt2], { scheduler, monitor }]
//   3. two optimizers, two schedulers:             return [[opt1, opt2], [StepLR(opt1), OneCycleLR(opt2)]]
// Lightning calls trainingStep once per optimizer per batch (optimizerIdx 0 then 1), with only
// that optimizer's parameters requiring grad, and counts a global step for each.
//
//   node scripts/run_example.mjs examples/auto/multiple_optimizers.ts
import {
  init, Adam, DataLoader, LightningModule, Linear, manualSeed, mseLoss, OneCycleLR, ReduceLROnPlateau, Sequential, SGD,
  StepLR, Tanh, Trainer, type OptimizerConfig, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };
export type Form = "two_optimizers" | "plateau_on_opt1" | "two_schedulers";
export const EPOCHS = 6;
export const PLATEAU = { factor: 0.5, patience: 0, threshold: 0.05 };
export const STEP_LR = { stepSize: 2, gamma: 0.5 };
export const ONE_CYCLE = { maxLr: 0.1, totalSteps: EPOCHS };

class TwoOptimizerModel extends LightningModule {
  encoder = new Sequential(new Linear(3, 8), new Tanh());
  head = new Linear(8, 1);
  /** Learning rates of [opt1, opt2] at the start of each epoch. */
  epochLrs: number[][] = [];
  /** How many times each optimizer stepped. */
  steps = [0, 0];
  /** callbackMetrics.metric_to_track at each epoch end: what a plateau scheduler then reads. */
  epochMetrics: number[] = [];
  losses: number[] = [];

  constructor(readonly form: Form) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.head.call(this.encoder.call(x));
  }

  trainingStep(batch: Batch, _batchIdx: number, optimizerIdx: number): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("metric_to_track", loss);
    if (optimizerIdx === 0) this.losses.push(loss.item());
    return loss;
  }

  onTrainEpochStart(): void {
    this.epochLrs.push(this.trainer!.optimizers.map((o: any) => o.paramGroups[0].lr));
  }

  onTrainEpochEnd(): void {
    this.epochMetrics.push(this.trainer!.callbackMetrics.metric_to_track);
  }

  onBeforeOptimizerStep(_optimizer: unknown, optimizerIdx: number): void {
    this.steps[optimizerIdx]++;
  }

  configureOptimizers(): OptimizerConfig {
    const opt1 = new Adam(this.encoder.parameters(), { lr: 0.01 });
    const opt2 = new SGD(this.head.parameters(), { lr: 0.05, momentum: 0.9 });
    switch (this.form) {
      case "two_optimizers":
        // two optimizers, no schedulers
        return [opt1, opt2];
      case "plateau_on_opt1": {
        // two optimizers, one scheduler for adam only
        const optimizers = [opt1, opt2];
        const lrSchedulers = { scheduler: new ReduceLROnPlateau(opt1, PLATEAU), monitor: "metric_to_track" };
        return [optimizers, lrSchedulers];
      }
      case "two_schedulers":
        // two optimizers, two schedulers
        return [[opt1, opt2], [new StepLR(opt1, STEP_LR), new OneCycleLR(opt2, ONE_CYCLE)]];
    }
  }
}

async function run(form: Form, data: ReturnType<typeof linearRegression>) {
  manualSeed(0);
  const model = new TwoOptimizerModel(form);
  const trainer = new Trainer({ maxEpochs: EPOCHS, enableProgressBar: false });
  const loader = new DataLoader(data, { batchSize: 16 });
  await trainer.fit(model, loader);
  const finalLrs = trainer.optimizers.map((o: any) => o.paramGroups[0].lr);
  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`${form}: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}; steps per optimizer ${model.steps.join("/")}; global_step ${trainer.globalStep}`);
  console.log(`  lr at each epoch start [opt1, opt2]: ${model.epochLrs.map((l) => `[${l.map((v) => +v.toPrecision(4))}]`).join(" ")}`);
  return {
    firstLoss, lastLoss, epochLrs: model.epochLrs, epochMetrics: model.epochMetrics, finalLrs, steps: model.steps, globalStep: trainer.globalStep,
    batchesPerEpoch: loader.length!, epochs: trainer.currentEpoch,
  };
}

export async function main() {
  await init();
  const data = linearRegression(64, [1, -1, 0.5], 0.2, 0.05, 9);
  return {
    twoOptimizers: await run("two_optimizers", data),
    plateauOnOpt1: await run("plateau_on_opt1", data),
    twoSchedulers: await run("two_schedulers", data),
  };
}

if (isMain("multiple_optimizers")) await main();
