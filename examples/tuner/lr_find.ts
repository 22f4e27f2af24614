// The learning-rate finder (Lightning's `Tuner(trainer).lr_find`): a short range test from
// minLr to maxLr picks the lr at the loss's steepest descent; the model comes back untrained,
// `updateAttr` writes the suggestion into `model.lr`, and a normal fit then trains with it.
// The plot (loss against lr, log x-axis, suggestion in red) is an SVG string.
//
//   node scripts/run_example.mjs examples/tuner/lr_find.ts     (writes lr_find.svg here)
import {
  init, Adam, DataLoader, LightningModule, Linear, manualSeed, mseLoss, Sequential, Tanh, Trainer, Tuner, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };

class Regressor extends LightningModule {
  net = new Sequential(new Linear(3, 16), new Tanh(), new Linear(16, 1));
  /** The Tuner's updateAttr writes the suggested lr here; configureOptimizers reads it. */
  lr = 1e-3;
  losses: number[] = [];

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("train_loss", loss);
    this.losses.push(loss.item());
    return loss;
  }

  configureOptimizers() {
    return new Adam(this.parameters(), { lr: this.lr });
  }
}

export async function main() {
  await init();
  manualSeed(0);
  const data = linearRegression(256, [1, -2, 0.5], 0.5, 0.05, 8);
  const loader = new DataLoader(data, { batchSize: 16 });
  const model = new Regressor();
  const before = model.parameters().map((p) => Array.from(p.dataSync()));

  const trainer = new Trainer({ maxEpochs: 5, enableProgressBar: false });
  const finder = (await new Tuner(trainer).lrFind(model, loader, { minLr: 1e-5, maxLr: 1, numTraining: 60, updateAttr: true }))!;
  const suggestion = finder.suggestion();
  const restored = model.parameters().every((p, i) => Array.from(p.dataSync()).every((v, j) => v === before[i]![j]));
  console.log(`tuner/lr_find: ${finder.results.lr.length} lrs tried, suggestion ${suggestion} (model.lr = ${model.lr})`);
  const svg = finder.plot({ suggest: true });
  const fs = (globalThis as any).process?.versions?.node ? await import("node:fs") : null;
  if (isMain("lr_find") && fs) fs.writeFileSync("lr_find.svg", svg);

  // train with the suggested lr (configureOptimizers reads model.lr)
  model.losses = [];
  await trainer.fit(model, loader);
  const firstLoss = model.losses[0]!;
  const lastLoss = model.losses[model.losses.length - 1]!;
  console.log(`then trained 5 epochs with lr ${model.lr}: loss ${firstLoss.toFixed(4)} → ${lastLoss.toFixed(4)}`);
  return {
    lrs: finder.results.lr, losses: finder.results.loss, suggestion, optimalIdx: finder.optimalIdx, modelLr: model.lr,
    restored, svg, firstLoss, lastLoss, globalStep: trainer.globalStep, batchesPerEpoch: loader.length!,
  };
}

if (isMain("lr_find")) await main();
