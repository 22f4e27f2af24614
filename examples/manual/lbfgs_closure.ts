// The guide's closure pattern in manual optimization: the closure does forward, zeroGrad and
// manualBackward and returns the loss; LBFGS calls it as often as its line search needs.
//
//   node scripts/run_example.mjs examples/manual/lbfgs_closure.ts
import {
  init, DataLoader, LBFGS, LightningModule, Linear, manualSeed, mseLoss, noGrad, tensor, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class LbfgsModel extends LightningModule {
  net = new Linear(4, 1);
  /** Loss returned by opt.step() (the closure's first evaluation) at each step. */
  stepLosses: number[] = [];
  closureCalls: number[] = [];

  constructor() {
    super();
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
    let calls = 0;

    const closure = () => {
      calls++;
      const loss = this.computeLoss(batch);
      opt.zeroGrad();
      this.manualBackward(loss);
      return loss;
    };

    const loss = opt.step({ closure }) as Tensor;
    this.stepLosses.push(loss.item());
    this.closureCalls.push(calls);
  }

  configureOptimizers() {
    return new LBFGS(this.parameters(), { lr: 1, maxIter: 10, historySize: 10 });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  // one full batch: LBFGS is a full-batch method
  const data = linearRegression(32, [0.7, -1.2, 0.4, 2], -0.5, 0.01, 7);
  const model = new LbfgsModel();
  const trainer = new Trainer({ maxEpochs: 3, enableProgressBar: false });
  await trainer.fit(model, new DataLoader(data, { batchSize: 32 }));

  const finalLoss = noGrad(() => model.computeLoss({ x: tensor(data.x), y: tensor(data.y) }).item());
  console.log(`manual/lbfgs_closure: loss ${model.stepLosses[0].toFixed(4)} → ${finalLoss.toExponential(3)}`);
  console.log(`closure calls per opt.step(): ${model.closureCalls.join(", ")}; global_step ${trainer.globalStep}`);
  return { stepLosses: model.stepLosses, finalLoss, closureCalls: model.closureCalls, globalStep: trainer.globalStep };
}

if (isMain("lbfgs_closure")) await main();
