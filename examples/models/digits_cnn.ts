// A convolutional net on the shipped 8×8 digits: two conv-bn-relu-pool blocks and a linear
// head, automatic optimization, Adam with a OneCycle schedule stepped every batch. The
// module reads like its PyTorch Lightning twin line by line:
//
//   class DigitsCNN(pl.LightningModule):
//       def __init__(self): self.features = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), ...)
//       def training_step(self, batch, batch_idx): ... F.cross_entropy(self(x), y) ...
//
//   npm run example -- examples/models/digits_cnn.ts          (full size: 15 epochs)
import {
  init, Adam, BatchNorm2d, Conv2d, crossEntropy, DataLoader, Flatten, LightningModule, Linear, MaxPool2d, noGrad,
  OneCycleLR, ReLU, seedEverything, Sequential, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { loadDigits } from "../data/digits.ts";

type Batch = { x: Tensor; y: Tensor };

export class DigitsCNN extends LightningModule {
  features = new Sequential(
    new Conv2d(1, 32, 3, { padding: 1 }), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2), // 8×8 → 4×4
    new Conv2d(32, 64, 3, { padding: 1 }), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2), // 4×4 → 2×2
  );
  classifier = new Sequential(new Flatten(), new Linear(64 * 2 * 2, 10));

  constructor(readonly lr = 0.01, readonly epochs = 15, readonly stepsPerEpoch = 23) {
    super();
  }

  /** x: [N, 64] pixels in [0, 1] (or [N, 1, 8, 8]) → logits [N, 10]. */
  forward(x: Tensor): Tensor {
    return this.classifier.call(this.features.call(x.view(-1, 1, 8, 8)));
  }

  trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = crossEntropy(this.forward(batch.x), batch.y);
    this.log("train_loss", loss, { progBar: true });
    return loss;
  }

  validationStep(batch: Batch, _batchIdx: number): void {
    const logits = this.forward(batch.x);
    this.log("val_loss", crossEntropy(logits, batch.y));
    this.log("val_acc", accuracy(logits, batch.y));
  }

  configureOptimizers() {
    const optimizer = new Adam(this.parameters(), { lr: this.lr });
    const scheduler = new OneCycleLR(optimizer, { maxLr: this.lr, epochs: this.epochs, stepsPerEpoch: this.stepsPerEpoch });
    return { optimizer, lrScheduler: { scheduler, interval: "step" } };
  }
}

export function accuracy(logits: Tensor, labels: Tensor): number {
  return noGrad(() => {
    const pred = logits.argmax(1).dataSync();
    const y = labels.dataSync();
    let hit = 0;
    for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hit++;
    return hit / y.length;
  });
}

/** Trains for `epochs` (on `trainLimit` training images when given) and returns the validation figures per epoch. */
export async function main({ epochs = 15, trainLimit = Infinity, log = true } = {}) {
  const backend = await init();
  seedEverything(0);
  const { train, valid } = loadDigits();
  const n = Math.min(train.x.length, trainLimit);
  const trainLoader = new DataLoader({ x: train.x.slice(0, n), y: train.y.slice(0, n) }, { batchSize: 64, shuffle: true, seed: 0 });
  const validLoader = new DataLoader(valid, { batchSize: 360 });
  const model = new DigitsCNN(0.01, epochs, trainLoader.length!);
  const valAcc: number[] = [];
  const trainLoss: number[] = [];
  const trainer = new Trainer({ maxEpochs: epochs, numSanityValSteps: 0, enableProgressBar: false, logger: false, enableCheckpointing: false });
  model.onValidationEpochEnd = function (this: DigitsCNN) {
    const m = this.trainer!.callbackMetrics;
    valAcc.push(m.val_acc);
    trainLoss.push(m.train_loss);
    if (log) console.log(`epoch ${String(valAcc.length).padStart(2)}/${epochs}  train_loss ${m.train_loss?.toFixed(4)}  val_loss ${m.val_loss?.toFixed(4)}  val_acc ${(m.val_acc * 100).toFixed(2)}%`);
  };
  if (log) console.log(`digits CNN on ${backend}: ${n} train / ${valid.x.length} validation images (every 5th image held out)`);
  const started = performance.now();
  await trainer.fit(model, trainLoader, validLoader);
  const seconds = (performance.now() - started) / 1000;
  if (log) console.log(`final validation accuracy ${(valAcc.at(-1)! * 100).toFixed(2)}% after ${epochs} epochs (${seconds.toFixed(1)} s)`);
  return { valAcc, trainLoss, model, globalStep: trainer.globalStep, stepsPerEpoch: trainLoader.length! };
}

if (isMain("digits_cnn")) await main();
