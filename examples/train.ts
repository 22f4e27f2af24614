// A user's training script: a small MLP learns y = x₀·x₁ + ½x₀ − x₁² on seeded synthetic data,
// with automatic optimization, Adam and a cosine learning-rate schedule stepped per epoch.
// The same file runs on every runtime, against the built bundle ("fulgur" → dist/):
//
//   npm run build
//   deno run -A examples/train.ts      (deno.json maps "fulgur" to dist/fulgur.deno.mjs)
//   bun examples/train.ts              (package.json "exports", condition "bun")
//   node examples/train.mjs            (Node 20 cannot run .ts: train.mjs strips the types)
import {
  init,
  Adam,
  CosineAnnealingLR,
  DataLoader,
  Generator,
  LightningModule,
  Linear,
  manualSeed,
  mseLoss,
  Sequential,
  Tanh,
  Trainer,
  type Tensor,
} from "fulgur";

const EPOCHS = 15;
const backend = await init();

/** 256 points in [-1, 1)², from a seeded generator so every runtime sees the same data. */
function syntheticData(n: number, seed: number) {
  const gen = new Generator(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = 2 * gen.next() - 1;
    const b = 2 * gen.next() - 1;
    x.push([a, b]);
    y.push([a * b + 0.5 * a - b * b]);
  }
  return { x, y };
}

type Batch = { x: Tensor; y: Tensor };

class Regressor extends LightningModule {
  net = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 32), new Tanh(), new Linear(32, 1));
  private epochLosses: number[] = [];
  history: { loss: number; lr: number }[] = [];

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.epochLosses.push(loss.item());
    return loss;
  }

  configureOptimizers() {
    const optimizer = new Adam(this.parameters(), { lr: 0.02 });
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: EPOCHS, etaMin: 0.001 });
    return { optimizer, lrScheduler: { scheduler, interval: "epoch" } };
  }

  private epochLr = 0;

  onTrainEpochStart(): void {
    this.epochLosses = [];
    // The lr this epoch trains with (Lightning steps "epoch" schedulers before onTrainEpochEnd).
    this.epochLr = (this.optimizers() as { paramGroups: { lr: number }[] }).paramGroups[0].lr;
  }

  onTrainEpochEnd(): void {
    const lr = this.epochLr;
    const loss = this.epochLosses.reduce((s, v) => s + v, 0) / this.epochLosses.length;
    this.history.push({ loss, lr });
    const epoch = String(this.trainer!.currentEpoch + 1).padStart(2);
    console.log(`epoch ${epoch}/${EPOCHS}  loss ${loss.toFixed(6)}  lr ${lr.toFixed(6)}`);
  }
}

manualSeed(0);
const model = new Regressor();
console.log(`fulgur: MLP regression on the ${backend} backend`);
const trainer = new Trainer({ maxEpochs: EPOCHS, numSanityValSteps: 0 });
await trainer.fit(model, new DataLoader(syntheticData(256, 1), { batchSize: 32, shuffle: true, seed: 0 }));

const first = model.history[0].loss;
const last = model.history[model.history.length - 1].loss;
console.log(`first epoch loss ${first.toFixed(6)}  final epoch loss ${last.toFixed(6)}`);
