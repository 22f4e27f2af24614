// Trains a small MLP on the UCI 8×8 handwritten digits (1797 images, shipped in
// examples/data/digits.csv) with automatic optimization, Adam, a OneCycle schedule stepped
// every batch, gradient clipping and a validation split — then prints the accuracy.
//
//   npm install && npm run train
import { readFileSync } from "node:fs";
import {
  init,
  Adam,
  crossEntropy,
  DataLoader,
  GELU,
  LightningModule,
  Linear,
  noGrad,
  OneCycleLR,
  Sequential,
  Trainer,
  type Tensor,
} from "../ts/index.node.ts";

const backend = await init();

// Each row: 64 pixel intensities (0..16), then the label.
// Run from the repository root (npm run train does).
const rows = readFileSync("examples/data/digits.csv", "utf8")
  .trim()
  .split("\n")
  .map((line) => line.split(",").map(Number));
// A fixed, interleaved split: every 5th image is held out for validation.
const train = rows.filter((_, i) => i % 5 !== 0);
const valid = rows.filter((_, i) => i % 5 === 0);
const fields = (part: number[][]) => ({
  x: part.map((r) => r.slice(0, 64).map((v) => v / 16)),
  y: part.map((r) => r[64]),
});

type Batch = { x: Tensor; y: Tensor };
const EPOCHS = 12;
const BATCH = 64;

class DigitsClassifier extends LightningModule {
  net = new Sequential(new Linear(64, 64), new GELU(), new Linear(64, 10));

  constructor() {
    super();
    this.saveHyperparameters({ learningRate: 0.01, epochs: EPOCHS });
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch): Tensor {
    const loss = crossEntropy(this.forward(batch.x), batch.y);
    this.log("train_loss", loss, { progBar: true });
    return loss;
  }

  validationStep(batch: Batch): void {
    const logits = this.forward(batch.x);
    this.log("val_loss", crossEntropy(logits, batch.y));
    this.log("val_acc", accuracy(logits, batch.y));
  }

  configureOptimizers() {
    const lr = this.hparams.learningRate as number;
    const optimizer = new Adam(this.parameters(), { lr });
    const stepsPerEpoch = Math.ceil(train.length / BATCH);
    const scheduler = new OneCycleLR(optimizer, { maxLr: lr, epochs: EPOCHS, stepsPerEpoch });
    return { optimizer, lrScheduler: { scheduler, interval: "step" } };
  }

  onTrainEpochEnd(): void {
    const m = this.trainer!.callbackMetrics;
    const epoch = String(this.trainer!.currentEpoch + 1).padStart(2);
    console.log(
      `epoch ${epoch}/${EPOCHS}  train_loss ${m.train_loss?.toFixed(4)}  ` +
        `val_loss ${m.val_loss?.toFixed(4)}  val_acc ${m.val_acc?.toFixed(4)}`,
    );
  }
}

function accuracy(logits: Tensor, labels: Tensor): number {
  return noGrad(() => {
    const pred = logits.argmax(1).dataSync();
    const y = labels.dataSync();
    let hit = 0;
    for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hit++;
    return hit / y.length;
  });
}

console.log(`fulgur: digits MLP on the ${backend} backend, ${train.length} train / ${valid.length} validation images`);
const model = new DigitsClassifier();
const trainer = new Trainer({ maxEpochs: EPOCHS, gradientClipVal: 1.0, numSanityValSteps: 0 });
await trainer.fit(
  model,
  new DataLoader(fields(train), { batchSize: BATCH, shuffle: true, seed: 0 }),
  new DataLoader(fields(valid), { batchSize: 256 }),
);
const acc = trainer.callbackMetrics.val_acc;
console.log(`final validation accuracy: ${(acc * 100).toFixed(2)}%`);
if (!(acc > 0.9)) {
  console.error("accuracy below 90%: training did not work");
  process.exit(1);
}
