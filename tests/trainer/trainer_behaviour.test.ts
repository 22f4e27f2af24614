// Trainer semantics beyond the recorded scenarios: manual-mode errors, the closure guard,
// accumulation counting, validation metrics, non-finite losses and flat memory.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { liveTensorCount } from "../../ts/autograd/index.ts";
import { DataLoader, Trainer } from "../../ts/index.ts";
import { Regressor, regressionData } from "./simple_model.ts";

before(async () => { await init(); });

const loader = (n: number, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });

test("manual optimization rejects Trainer clipping and accumulation with Lightning's wording", async () => {
  await assert.rejects(new Trainer({ maxEpochs: 1, gradientClipVal: 0.5 }).fit(new Regressor({ manual: true }), loader(8)),
    { name: "MisconfigurationException", message: /Automatic gradient clipping is not supported for manual optimization. Remove `Trainer\(gradient_clip_val=0.5\)`/ });
  await assert.rejects(new Trainer({ maxEpochs: 1, accumulateGradBatches: 2 }).fit(new Regressor({ manual: true }), loader(8)),
    /Automatic gradient accumulation is not supported for manual optimization/);
});

test("manualBackward under automatic optimization raises", async () => {
  const m = new Regressor();
  m.trainingStep = function (this: Regressor, batch: any) {
    const l = this.forward(batch.x).sum();
    this.manualBackward(l);
    return l;
  };
  await assert.rejects(new Trainer({ maxEpochs: 1 }).fit(m, loader(4)), /to use manual_backward, please disable automatic optimization/);
});

test("manual mode: globalStep counts LightningOptimizer.step() calls; optimizer.optimizer is the raw optimizer", async () => {
  const m = new Regressor({ manual: true });
  const t = new Trainer({ maxEpochs: 2 });
  await t.fit(m, loader(10, 4)); // 3 batches per epoch
  assert.equal(t.globalStep, 6);
  assert.equal(m.optimizers().optimizer, t.optimizers[0]);
  assert.equal(t.currentEpoch, 2);
});

test("an optimizerStep override that never runs the closure is caught", async () => {
  const m = new Regressor();
  m.optimizerStep = () => {};
  await assert.rejects(new Trainer({ maxEpochs: 1 }).fit(m, loader(4)), /The closure hasn't been executed/);
});

test("accumulation: optimizer steps at window ends and on the last batch; loss divided for backward", async () => {
  const m = new Regressor();
  const seen: number[] = [];
  m.onBeforeBackward = (loss: any) => void seen.push(loss.item());
  const logged: number[] = [];
  m.onTrainBatchEnd = function (this: Regressor) { logged.push(this.trainer!.callbackMetrics.loss); };
  const steps: number[] = [];
  m.onBeforeOptimizerStep = function (this: Regressor) { steps.push(this.trainer!.fitLoop.epochLoop.batchIdx); };
  const t = new Trainer({ maxEpochs: 1, accumulateGradBatches: 3 });
  await t.fit(m, loader(20, 4)); // 5 batches: steps after batch 2 and 4 (last)
  assert.deepEqual(steps, [2, 4]);
  assert.equal(t.globalStep, 2);
  seen.forEach((v, i) => assert.ok(Math.abs(v * 3 - logged[i]) < 1e-6 * Math.max(1, Math.abs(logged[i])), `batch ${i}`));
});

test("maxSteps stops mid-epoch; limitTrainBatches caps the epoch", async () => {
  const t = new Trainer({ maxSteps: 4 });
  await t.fit(new Regressor(), loader(40, 4));
  assert.equal(t.globalStep, 4);
  const u = new Trainer({ maxEpochs: 2, limitTrainBatches: 2 });
  await u.fit(new Regressor(), loader(40, 4));
  assert.equal(u.globalStep, 4);
});

test("validation: epoch mean (batch-size weighted) of logged values becomes a callback metric; sanity check not counted", async () => {
  const m = new Regressor();
  let valBatches = 0;
  m.onValidationBatchEnd = () => void valBatches++;
  const t = new Trainer({ maxEpochs: 1 });
  const val = loader(10, 4); // 3 batches: 4, 4, 2 rows
  await t.fit(m, loader(8), val);
  assert.equal(valBatches, 2 + 3); // numSanityValSteps = 2, then one full run
  const [res] = await t.validate(m, val);
  assert.ok(Math.abs(res.val_loss - t.callbackMetrics.val_loss) < 1e-7);
  // recompute the weighted mean by hand
  const d = regressionData(10);
  const w = m.net.weight.dataSync(), b = m.net.bias!.dataSync()[0];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d.x[i][0] * w[0] + d.x[i][1] * w[1] + b - d.y[i][0]) ** 2;
  assert.ok(Math.abs(res.val_loss - sum / 10) < 1e-5, `${res.val_loss} vs ${sum / 10}`);
});

test("a non-finite loss stops training with epoch, batch and optimizer named", async () => {
  const m = new Regressor();
  const orig = m.trainingStep.bind(m);
  (m as any).trainingStep = (batch: any, batchIdx: number) => (batchIdx === 1 ? orig(batch).mul(Infinity) : orig(batch));
  await assert.rejects(new Trainer({ maxEpochs: 1 }).fit(m, loader(12)), /Infinity.*epoch 0, batch 1, optimizer 0/);
});

test("live tensor count stays flat over 500 batches", async () => {
  const m = new Regressor();
  let start = -1;
  const counts: number[] = [];
  m.onTrainBatchEnd = (_o: any, _b: any, batchIdx: number) => {
    if (batchIdx === 10) start = liveTensorCount();
  };
  m.onTrainEpochEnd = () => void counts.push(liveTensorCount());
  const t = new Trainer({ maxEpochs: 2 });
  await t.fit(m, loader(1000, 4)); // 250 batches per epoch
  assert.equal(t.globalStep, 500);
  assert.ok(start > 0);
  assert.equal(counts[0], counts[1]);
  assert.ok(counts[1] <= start + 2, `grew from ${start} to ${counts[1]}`);
});
