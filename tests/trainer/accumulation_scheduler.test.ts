// accumulateGradBatches as an epoch schedule (Lightning 1.9.5's GradientAccumulationScheduler):
// validation and errors, the factor switching at epoch boundaries (windows restart each epoch,
// a short last window steps), with a step scheduler, two optimizers and maxSteps.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Callback, DataLoader, GradientAccumulationScheduler, SGD, Trainer } from "../../ts/index.ts";
import { StepLR } from "../../ts/optim/lr_scheduler/index.ts";
import { Regressor, regressionData } from "./simple_model.ts";

before(async () => { await init(); });

const loader = (n: number, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });
const quiet = { enableProgressBar: false, numSanityValSteps: 0 } as const;

class Steps extends Callback {
  perEpoch: Array<{ factor: number; steps: number }> = [];
  private start = 0;
  override onTrainEpochStart(t: Trainer): void { this.start = t.globalStep; this.perEpoch.push({ factor: t.accumulateGradBatches, steps: 0 }); }
  override onTrainEpochEnd(t: Trainer): void { this.perEpoch[this.perEpoch.length - 1]!.steps = t.globalStep - this.start; }
}

test("GradientAccumulationScheduler validates its schedule as Lightning does", () => {
  assert.throws(() => new GradientAccumulationScheduler({}), { name: "TypeError", message: "Empty dict cannot be interpreted correct" });
  assert.throws(() => new GradientAccumulationScheduler({ [-1]: 2 }), { name: "MisconfigurationException", message: /Epoch should be an int greater than or equal to 0. Got \[-1\]/ });
  assert.throws(() => new GradientAccumulationScheduler({ 0: 0 }), /Accumulation factor should be an int greater than 0. Got \[0\]/);
  assert.throws(() => new GradientAccumulationScheduler({ 1: 1.5 }), /Accumulation factor should be an int greater than 0/);
  const s = new GradientAccumulationScheduler({ 4: 2, 2: 3 });
  assert.deepEqual(s.epochs, [0, 2, 4]);
  assert.deepEqual([0, 1, 2, 3, 4, 9].map((e) => s.getAccumulateGradBatches(e)), [1, 1, 3, 3, 2, 2]);
  assert.equal(s.goingToAccumulateGradBatches(), true);
  assert.equal(new GradientAccumulationScheduler({ 0: 1 }).goingToAccumulateGradBatches(), false);
});

test("the Trainer flag and the callback: one or the other, Lightning's errors", () => {
  assert.throws(() => new Trainer({ accumulateGradBatches: { 0: 2 }, callbacks: [new GradientAccumulationScheduler({ 0: 2 })] }),
    /You have set both `accumulate_grad_batches` and passed an instance of `GradientAccumulationScheduler` inside callbacks/);
  assert.throws(() => new Trainer({ accumulateGradBatches: "2" as any }), /`accumulate_grad_batches` should be an int or a dict. Got 2/);
  const t = new Trainer({ accumulateGradBatches: { 1: 4 }, ...quiet });
  assert.equal(t.accumulateGradBatches, 1);
  assert.ok(t.callbacks.some((c) => c instanceof GradientAccumulationScheduler));
  assert.equal(new Trainer({ callbacks: [new GradientAccumulationScheduler({ 0: 3 })], ...quiet }).accumulateGradBatches, 3);
});

test("the factor changes at epoch starts; windows restart each epoch and a short last window steps", async () => {
  const steps = new Steps();
  const m = new Regressor();
  const sched: any[] = [];
  m.configureOptimizers = function (this: Regressor) {
    const o = new SGD(this.parameters(), { lr: 0.05 });
    sched.push(new StepLR(o as any, { stepSize: 1, gamma: 0.5 }));
    return [[o], [{ scheduler: sched[0], interval: "step" }]];
  };
  // 7 batches per epoch: factor 1 → 7 steps, factor 3 → windows 3+3+1 → 3 steps, factor 2 → 4 steps
  await new Trainer({ maxEpochs: 4, accumulateGradBatches: { 0: 1, 1: 3, 3: 2 }, callbacks: [steps], ...quiet }).fit(m, loader(28));
  assert.deepEqual(steps.perEpoch, [{ factor: 1, steps: 7 }, { factor: 3, steps: 3 }, { factor: 3, steps: 3 }, { factor: 2, steps: 4 }]);
  // the step scheduler stepped once per optimizer step
  assert.equal(m.optimizers().optimizer.paramGroups[0].lr, 0.05 * 0.5 ** 17);
});

test("maxSteps counts optimizer steps under a schedule; two optimizers each step at window ends", async () => {
  const steps = new Steps();
  const t = new Trainer({ maxEpochs: 5, maxSteps: 9, accumulateGradBatches: { 1: 2 }, callbacks: [steps], ...quiet });
  await t.fit(new Regressor(), loader(24));
  assert.equal(t.globalStep, 9); // 6 in epoch 0, then 3 windows of 2 in epoch 1
  assert.deepEqual(steps.perEpoch.map((e) => e.factor), [1, 2]);

  const two = new Regressor();
  two.configureOptimizers = function (this: Regressor) {
    return [new SGD([this.net.weight], { lr: 0.05 }), new SGD([this.net.bias!], { lr: 0.05 })];
  };
  (two as any).trainingStep = function (this: Regressor, batch: any, _i: number, _opt?: number) { return Regressor.prototype.trainingStep.call(this, batch); };
  const t2 = new Trainer({ maxEpochs: 2, accumulateGradBatches: { 1: 3 }, ...quiet });
  await t2.fit(two, loader(24));
  assert.equal(t2.globalStep, 2 * 6 + 2 * 2); // per optimizer: 6 steps, then 2 windows of 3
});
