// The guide's manual LR scheduling "every n batches" and "every n epochs":
//   if ((batchIdx + 1) % n === 0) sch.step();
//   if (this.trainer.isLastBatch && (this.trainer.currentEpoch + 1) % n === 0) sch.step();
// Each rule gets its own run here, with StepLR(stepSize 1, gamma 0.5): every sch.step() halves the lr.
//
//   node scripts/run_example.mjs examples/manual/sched_every_n.ts
import { init, DataLoader, LightningModule, Linear, manualSeed, mseLoss, SGD, StepLR, Trainer, type Tensor } from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };
type Every = "batches" | "epochs";

class EveryNModel extends LightningModule {
  net = new Linear(3, 1);
  /** { epoch, batchIdx, lr } of every optimizer step. */
  seen: Array<{ epoch: number; batchIdx: number; lr: number }> = [];

  constructor(readonly every: Every, readonly n: number) {
    super();
    this.automaticOptimization = false;
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch, batchIdx: number): void {
    // do forward, backward, and optimization
    const opt = this.optimizers();
    opt.zeroGrad();
    this.manualBackward(mseLoss(this.forward(batch.x), batch.y));
    this.seen.push({ epoch: this.trainer!.currentEpoch, batchIdx, lr: opt.paramGroups[0].lr });
    opt.step();

    const sch = this.lrSchedulers();
    const n = this.n;
    // step every n batches
    if (this.every === "batches" && (batchIdx + 1) % n === 0) sch.step();
    // step every n epochs
    if (this.every === "epochs" && this.trainer!.isLastBatch && (this.trainer!.currentEpoch + 1) % n === 0) sch.step();
  }

  configureOptimizers() {
    const opt = new SGD(this.parameters(), { lr: 0.08 });
    return [[opt], [new StepLR(opt, { stepSize: 1, gamma: 0.5 })]];
  }
}

async function run(every: Every, n: number, data: ReturnType<typeof linearRegression>) {
  manualSeed(0);
  const model = new EveryNModel(every, n);
  const trainer = new Trainer({ maxEpochs: 4, enableProgressBar: false });
  await trainer.fit(model, new DataLoader(data, { batchSize: 8 })); // 5 batches per epoch
  const byEpoch = [0, 1, 2, 3].map((e) => model.seen.filter((s) => s.epoch === e).map((s) => s.lr).join(" "));
  console.log(`every ${n} ${every}:`);
  byEpoch.forEach((lrs, e) => console.log(`  epoch ${e} lrs ${lrs}`));
  return { n, seen: model.seen, globalStep: trainer.globalStep };
}

export async function main() {
  await init();
  const data = linearRegression(40, [0.5, 1, -1], 0, 0.05, 5);
  const everyNBatches = await run("batches", 2, data);
  const everyNEpochs = await run("epochs", 2, data);
  return { everyNBatches, everyNEpochs };
}

if (isMain("sched_every_n")) await main();
