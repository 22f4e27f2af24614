// StochasticWeightAveraging, SWALR and AveragedModel: torch 1.13's numbers (fixtures/swa.json,
// written by fixtures/gen_swa.py), Lightning 1.9.5's schedule, errors, the average copied into
// the model at the end, and a resume from a checkpoint taken inside the SWA window.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { init } from "../../ts/index.node.ts";
import { noGrad, ones, Parameter, tensor } from "../../ts/autograd/index.ts";
import { BatchNorm1d, Linear } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { SGD, SWALR, AveragedModel } from "../../ts/index.ts";
import { Callback, DataLoader, LightningModule, MemoryCheckpointIO, StochasticWeightAveraging, Trainer } from "../../ts/index.ts";
import { StepLR } from "../../ts/optim/lr_scheduler/index.ts";
import { Regressor, regressionData } from "./simple_model.ts";
import fixture from "./fixtures/swa.json" with { type: "json" };

before(async () => { await init(); });

const loader = (n: number, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });
const quiet = { enableProgressBar: false, numSanityValSteps: 0 } as const;
/** A Regressor with fixed initial weights (runs compared bit for bit must start alike). */
function fixed(): Regressor {
  const m = new Regressor();
  m.loadStateDict({ "net.weight": [0.3, -0.2], "net.bias": [0.1] });
  return m;
}
const params = (m: Regressor) => m.parameters().map((p) => Array.from(p.dataSync()));

test("SWALR gives torch's lrs (cos and linear, 0/1/3 annealing epochs, last_epoch -1 or given)", () => {
  for (const c of fixture.swalr) {
    const opt = new SGD([{ params: [new Parameter(tf.zeros([1]))], lr: 0.1 }, { params: [new Parameter(tf.zeros([1]))], lr: 0.3 }], { lr: 0.1 });
    if (c.last_epoch !== -1) for (const g of opt.paramGroups as any[]) g.initialLr = g.lr;
    const s = new SWALR(opt as any, { swaLr: [0.05, 0.01], annealEpochs: c.anneal_epochs, annealStrategy: c.strategy as "cos" | "linear", lastEpoch: c.last_epoch });
    const got = [opt.paramGroups.map((g: any) => g.lr)];
    for (let i = 0; i < 6; i++) {
      s.step();
      got.push(opt.paramGroups.map((g: any) => g.lr));
    }
    got.forEach((row, i) => row.forEach((lr: number, j: number) => {
      assert.ok(Math.abs(lr - c.lrs[i]![j]!) <= 1e-15 * Math.abs(c.lrs[i]![j]!), `${c.strategy}/${c.anneal_epochs}/${c.last_epoch} step ${i} group ${j}: ${lr} vs ${c.lrs[i]![j]}`);
    }));
  }
});

test("SWALR errors as torch", () => {
  const opt = new SGD([new Parameter(tf.zeros([1]))], { lr: 0.1 });
  assert.throws(() => new SWALR(opt as any, { swaLr: 0.1, annealStrategy: "step" as any }), /anneal_strategy must by one of 'cos' or 'linear', instead got step/);
  assert.throws(() => new SWALR(opt as any, { swaLr: 0.1, annealEpochs: -1 }), /anneal_epochs must be equal or greater than 0, got -1/);
  assert.throws(() => new SWALR(opt as any, { swaLr: [0.1, 0.2] }), /swa_lr must have the same length as optimizer.param_groups: swa_lr has 2, optimizer.param_groups has 1/);
});

test("AveragedModel keeps torch's running average and forwards through its copy", () => {
  const lin = new Linear(3, 2);
  const avg = new AveragedModel(lin);
  assert.notEqual(avg.module, lin);
  for (const snap of fixture.averaged.snapshots) {
    lin.weight.value = tf.keep(tf.tensor(snap.weight, [2, 3]));
    lin.bias!.value = tf.keep(tf.tensor(snap.bias, [2]));
    avg.updateParameters(lin);
  }
  assert.equal(avg.nAveraged, fixture.averaged.n_averaged);
  const w = Array.from((avg.module as any).weight.dataSync() as Float32Array);
  w.forEach((v, i) => assert.ok(Math.abs(v - fixture.averaged.weight[i]!) < 1e-6, `weight[${i}]`));
  const b = Array.from((avg.module as any).bias.dataSync() as Float32Array);
  b.forEach((v, i) => assert.ok(Math.abs(v - fixture.averaged.bias[i]!) < 1e-6, `bias[${i}]`));
  const y = avg.call(ones([1, 3]));
  assert.deepEqual(y.shape, [1, 2]);
});

test("StochasticWeightAveraging's argument errors (Lightning's wording)", () => {
  assert.throws(() => new StochasticWeightAveraging({ swaLrs: 0.1, swaEpochStart: 0 }), /swa_epoch_start should be a >0 integer or a float between 0 and 1/);
  assert.throws(() => new StochasticWeightAveraging({ swaLrs: 0.1, swaEpochStart: 1.5 }), /swa_epoch_start should be a >0 integer/);
  assert.throws(() => new StochasticWeightAveraging({ swaLrs: -0.1 }), /The `swa_lrs` should a positive float, or a list of positive floats/);
  assert.throws(() => new StochasticWeightAveraging({ swaLrs: [0.1, 0] }), /swa_lrs/);
  assert.throws(() => new StochasticWeightAveraging({ swaLrs: 0.1, avgFn: 3 as any }), /The `avg_fn` should be callable/);
});

test("SWA refuses two schedulers; the averaged epoch-start weights end up in the model", async () => {
  const two = new Regressor();
  two.configureOptimizers = function (this: Regressor) {
    const o = new SGD(this.parameters(), { lr: 0.05 });
    return [[o], [new StepLR(o as any, { stepSize: 1 }), new StepLR(o as any, { stepSize: 2 })]];
  };
  await assert.rejects(new Trainer({ maxEpochs: 2, ...quiet, callbacks: [new StochasticWeightAveraging({ swaLrs: 0.01 })] }).fit(two, loader(8)),
    { name: "MisconfigurationException", message: /SWA currently not supported for more than 1 `lr_scheduler`/ });

  const snapshots: number[][][] = [];
  class Snap extends Callback {
    override onTrainEpochStart(t: Trainer, m: any): void { if (t.currentEpoch >= 1) snapshots.push(params(m)); }
  }
  const m = new Regressor();
  await new Trainer({ maxEpochs: 4, ...quiet, callbacks: [new StochasticWeightAveraging({ swaLrs: 0.02, swaEpochStart: 2, annealingEpochs: 1 }), new Snap()] }).fit(m, loader(12));
  assert.equal(snapshots.length, 3); // epochs 1, 2, 3 (swa_start = swa_epoch_start - 1)
  const final = params(m);
  final.forEach((row, i) => row.forEach((v, j) => {
    const mean = snapshots.reduce((a, s) => a + s[i]![j]!, 0) / snapshots.length;
    assert.ok(Math.abs(v - mean) < 1e-6, `param ${i}[${j}]: ${v} vs mean ${mean}`);
  }));
  assert.equal(m.optimizers().optimizer.paramGroups[0].lr, 0.02); // SWALR annealed to swa_lr in one epoch
});

test("a fit resumed from a checkpoint inside the SWA window ends bit-identical to an uninterrupted one", async () => {
  const swa = () => new StochasticWeightAveraging({ swaLrs: 0.01, swaEpochStart: 2, annealingEpochs: 2, annealingStrategy: "cos" });
  const full = fixed();
  await new Trainer({ maxEpochs: 6, ...quiet, callbacks: [swa()] }).fit(full, loader(12));

  const io = new MemoryCheckpointIO();
  class SaveAt extends Callback {
    override onTrainEpochEnd(t: Trainer): void { if (t.currentEpoch === 2) void t.saveCheckpoint("mid.ckpt"); }
  }
  await new Trainer({ maxEpochs: 6, ...quiet, checkpointIO: io, callbacks: [swa(), new SaveAt()] }).fit(fixed(), loader(12));
  const resumed = fixed();
  await new Trainer({ maxEpochs: 6, ...quiet, checkpointIO: io, callbacks: [swa()] }).fit(resumed, loader(12), null, { ckptPath: "mid.ckpt" });
  assert.deepEqual(params(resumed), params(full));
  assert.equal(resumed.optimizers().optimizer.paramGroups[0].lr, full.optimizers().optimizer.paramGroups[0].lr);
});

test("with BatchNorm: Lightning's extra epoch recomputes the running statistics for the averaged weights", async () => {
  class BNReg extends LightningModule {
    l1 = new Linear(2, 3);
    bn = new BatchNorm1d(3);
    l2 = new Linear(3, 1);
    forward(x: any): any { return this.l2.call(this.bn.call(this.l1.call(x))); }
    trainingStep(batch: any): any { return mseLoss(this.forward(batch.x), batch.y); }
    configureOptimizers(): any { return new SGD(this.parameters(), { lr: 0.05 }); }
  }
  const m = new BNReg();
  const batchesSeen: number[] = [];
  class Count extends Callback {
    override onTrainEpochEnd(t: Trainer): void { batchesSeen.push(t.fitLoop.epochLoop.batchIdx + 1); }
  }
  const t = new Trainer({ maxEpochs: 3, ...quiet, callbacks: [new StochasticWeightAveraging({ swaLrs: 0.01, swaEpochStart: 2 }), new Count()] });
  await t.fit(m, loader(12));
  assert.equal(t.currentEpoch, 4, "one extra epoch ran");
  assert.equal(t.maxEpochs, 3, "maxEpochs restored after the BatchNorm epoch");
  assert.deepEqual(batchesSeen, [3, 3, 3, 3]);
  assert.equal(m.bn.momentum, 0.1, "momentum restored");
  // cumulative average of the batch means of l1's output, with the final (averaged) weights
  const { x } = regressionData(12);
  const means = [0, 4, 8].map((lo) => noGrad(() => m.l1.call(tensor(x.slice(lo, lo + 4))).mean(0).dataSync()));
  const want = [0, 1, 2].map((c) => (means[0]![c]! + means[1]![c]! + means[2]![c]!) / 3);
  Array.from(m.bn.runningMean!.dataSync()).forEach((v, c) => assert.ok(Math.abs(v - want[c]!) < 1e-5, `running_mean[${c}] ${v} vs ${want[c]}`));
  assert.equal(m.bn.numBatchesTracked!.dataSync()[0], 3);
});
