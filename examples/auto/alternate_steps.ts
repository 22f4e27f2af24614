// The guide's optimizerStep override for alternating schedules (e.g. GANs): optimizer A
// (idx 0) steps every batch, optimizer B (idx 1) every 2 batches; on the other batches B's
// closure is still run by hand (trainingStep + zeroGrad + backward, no weight update).
//
//   node scripts/run_example.mjs examples/auto/alternate_steps.ts
import {
  init, DataLoader, LightningModule, LightningOptimizer, Linear, manualSeed, mseLoss, Sequential, SGD, Tanh, Trainer,
  type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

const snapshot = (m: { parameters(): Tensor[] }) => m.parameters().map((p) => p.dataSync());
const changed = (a: Float32Array[], b: Float32Array[]) => a.some((t, i) => t.some((v, j) => v !== b[i][j]));

class AlternatingModel extends LightningModule {
  A = new Sequential(new Linear(3, 8), new Tanh());
  B = new Linear(8, 1);
  /** Per batch: did A's / B's parameters change, and how many times trainingStep ran. */
  batches: Array<{ epoch: number; batchIdx: number; aChanged: boolean; bChanged: boolean; trainingSteps: number }> = [];
  private before: { a: Float32Array[]; b: Float32Array[] } | null = null;
  private trainingSteps = 0;
  losses: number[] = [];

  forward(x: Tensor): Tensor {
    return this.B.call(this.A.call(x));
  }

  trainingStep(batch: Batch, _batchIdx: number, optimizerIdx: number): Tensor {
    this.trainingSteps++;
    const loss = mseLoss(this.forward(batch.x), batch.y);
    if (optimizerIdx === 0) this.losses.push(loss.item());
    return loss;
  }

  // Alternating schedule for optimizer steps (e.g. GANs)
  optimizerStep(
    _epoch: number, batchIdx: number, optimizer: LightningOptimizer, optimizerIdx: number,
    optimizerClosure: () => unknown, _onTpu = false, _usingNativeAmp = false, _usingLbfgs = false,
  ): void {
    // update generator every step
    if (optimizerIdx === 0) optimizer.step({ closure: optimizerClosure });

    // update discriminator every 2 steps
    if (optimizerIdx === 1) {
      if ((batchIdx + 1) % 2 === 0) {
        // the closure (which includes the trainingStep) will be executed by optimizer.step
        optimizer.step({ closure: optimizerClosure });
      } else {
        // call the closure by itself to run trainingStep + backward without an optimizer step
        optimizerClosure();
      }
    }
    // ... add as many optimizers as you want
  }

  onTrainBatchStart(): void {
    this.before = { a: snapshot(this.A), b: snapshot(this.B) };
    this.trainingSteps = 0;
  }

  onTrainBatchEnd(_outputs: unknown, _batch: unknown, batchIdx: number): void {
    const { a, b } = this.before!;
    this.batches.push({
      epoch: this.currentEpoch, batchIdx, aChanged: changed(a, snapshot(this.A)), bChanged: changed(b, snapshot(this.B)),
      trainingSteps: this.trainingSteps,
    });
  }

  configureOptimizers() {
    return [new SGD(this.A.parameters(), { lr: 0.05 }), new SGD(this.B.parameters(), { lr: 0.05 })];
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const data = linearRegression(40, [1, 0.5, -1], 0.1, 0.05, 10);
  const loader = new DataLoader(data, { batchSize: 8 }); // 5 batches: B steps after batches 1 and 3
  const model = new AlternatingModel();
  const trainer = new Trainer({ maxEpochs: 3, enableProgressBar: false });
  await trainer.fit(model, loader);

  const firstLoss = model.losses[0];
  const lastLoss = model.losses[model.losses.length - 1];
  console.log(`auto/alternate_steps: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}; global_step ${trainer.globalStep}`);
  for (const b of model.batches) {
    console.log(`  epoch ${b.epoch} batch ${b.batchIdx}: A ${b.aChanged ? "stepped" : "-"}  B ${b.bChanged ? "stepped" : "-"}`);
  }
  return { firstLoss, lastLoss, batches: model.batches, globalStep: trainer.globalStep, batchesPerEpoch: loader.length!, epochs: trainer.currentEpoch };
}

if (isMain("alternate_steps")) await main();
