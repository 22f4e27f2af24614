// Case 2 (and 4): fulgur's Trainer, automatic optimization, on the 784-256-128-10 ReLU MLP,
// batch 128, Adam, cross-entropy. Per-step time = median gap between onTrainBatchEnd calls.
import {
  Adam, crossEntropy, DataLoader, LightningModule, Linear, manualSeed, ReLU, Sequential, Trainer, type Tensor,
} from "../../ts/index.ts";
import { medianGapMs } from "./timing.ts";
import { CLASSES, FEATURES, rowsOf, syntheticMnist } from "./synthetic_mnist.ts";

export const BATCH = 128;

class Mlp extends LightningModule {
  net = new Sequential(new Linear(FEATURES, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, CLASSES));
  stamps: number[] = [];

  trainingStep(batch: { x: Tensor; y: Int32Array }): Tensor {
    return crossEntropy(this.net.call(batch.x), batch.y);
  }

  configureOptimizers() {
    return new Adam(this.parameters(), { lr: 1e-3 });
  }

  onTrainBatchEnd(): void {
    this.stamps.push(performance.now());
  }
}

async function fitSteps(loader: DataLoader, steps: number): Promise<number[]> {
  manualSeed(0);
  const model = new Mlp();
  const trainer = new Trainer({
    maxSteps: steps, numSanityValSteps: 0, logger: false, enableCheckpointing: false, enableProgressBar: false, enableModelSummary: false,
  });
  await trainer.fit(model, loader);
  return model.stamps;
}

export interface StepRate { msPerStep: number; stepsPerS: number; samplesPerS: number; steps: number }

/** Trains for about budgetMs (after a short warm-up fit) and reports the median step. */
export async function benchFulgurMlp(budgetMs: number): Promise<StepRate> {
  const data = syntheticMnist(16 * BATCH);
  const loader = new DataLoader({ x: rowsOf(data.x, FEATURES), y: data.labels }, { batchSize: BATCH, shuffle: true, seed: 0 });
  const warm = await fitSteps(loader, 6);
  const estimate = medianGapMs(warm);
  const steps = Math.max(10, Math.min(2000, Math.round(budgetMs / estimate)));
  const msPerStep = medianGapMs(await fitSteps(loader, steps));
  return { msPerStep, stepsPerS: 1e3 / msPerStep, samplesPerS: (BATCH * 1e3) / msPerStep, steps };
}
