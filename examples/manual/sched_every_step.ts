// The guide's manual LR scheduling "every step": in manual optimization Lightning never steps
// schedulers; trainingStep calls sch.step() itself — one scheduler, or several
// (`const [sch1, sch2] = this.lrSchedulers()`).
//
//   node scripts/run_example.mjs examples/manual/sched_every_step.ts
import {
  init, DataLoader, ExponentialLR, LightningModule, Linear, manualSeed, mseLoss, ReLU, Sequential, SGD, StepLR, Trainer,
  type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

/** One optimizer with a StepLR(stepSize 2, gamma 0.5) stepped after every batch. */
class SingleScheduler extends LightningModule {
  net = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
  /** The lr each optimizer step used. */
  lrs: number[] = [];

  constructor() {
    super();
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    // do forward, backward, and optimization
    const opt = this.optimizers();
    opt.zeroGrad();
    this.manualBackward(mseLoss(this.forward(batch.x), batch.y));
    this.lrs.push(opt.paramGroups[0].lr);
    opt.step();

    // single scheduler
    const sch = this.lrSchedulers();
    sch.step();
  }

  configureOptimizers() {
    const opt = new SGD(this.parameters(), { lr: 0.1 });
    return [[opt], [new StepLR(opt, { stepSize: 2, gamma: 0.5 })]];
  }
}

/** Two optimizers (body, head), each with its own scheduler, both stepped after every batch. */
class TwoSchedulers extends LightningModule {
  body = new Sequential(new Linear(3, 8), new ReLU());
  head = new Linear(8, 1);
  lrs1: number[] = [];
  lrs2: number[] = [];

  constructor() {
    super();
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.head.call(this.body.call(x));
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    const [opt1, opt2] = this.optimizers();
    opt1.zeroGrad();
    opt2.zeroGrad();
    this.manualBackward(mseLoss(this.forward(batch.x), batch.y));
    this.lrs1.push(opt1.paramGroups[0].lr);
    this.lrs2.push(opt2.paramGroups[0].lr);
    opt1.step();
    opt2.step();

    // multiple schedulers
    const [sch1, sch2] = this.lrSchedulers();
    sch1.step();
    sch2.step();
  }

  configureOptimizers() {
    const opt1 = new SGD(this.body.parameters(), { lr: 0.1 });
    const opt2 = new SGD(this.head.parameters(), { lr: 0.05 });
    return [[opt1, opt2], [new StepLR(opt1, { stepSize: 3, gamma: 0.5 }), new ExponentialLR(opt2, { gamma: 0.5 })]];
  }
}

export async function main() {
  await init();
  const data = linearRegression(32, [1, -1, 0.5], 0.1, 0.05, 4);
  const loader = () => new DataLoader(data, { batchSize: 8 }); // 4 batches per epoch

  manualSeed(0);
  const single = new SingleScheduler();
  const t1 = new Trainer({ maxEpochs: 2, enableProgressBar: false });
  await t1.fit(single, loader());
  console.log(`single scheduler, lr per batch: ${single.lrs.join(", ")}`);

  manualSeed(0);
  const two = new TwoSchedulers();
  const t2 = new Trainer({ maxEpochs: 2, enableProgressBar: false });
  await t2.fit(two, loader());
  console.log(`scheduler 1 (StepLR), lr per batch: ${two.lrs1.join(", ")}`);
  console.log(`scheduler 2 (ExponentialLR), lr per batch: ${two.lrs2.join(", ")}`);
  console.log(`global_step: single ${t1.globalStep}, two optimizers ${t2.globalStep}`);
  return {
    single: { lrs: single.lrs, globalStep: t1.globalStep },
    multiple: { lrs1: two.lrs1, lrs2: two.lrs2, globalStep: t2.globalStep },
  };
}

if (isMain("sched_every_step")) await main();
