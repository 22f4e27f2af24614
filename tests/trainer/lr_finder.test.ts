// The LR finder beyond the recorded references: suggestion()'s skip rules and numpy-gradient
// argmin, the divergence stop, updateAttr on a field or hparams, the model / optimizer / trainer
// restored (a later fit is unaffected), and its errors.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { DataLoader, LRFinderResult, SGD, Trainer, Tuner } from "../../ts/index.ts";
import { Regressor, regressionData } from "./simple_model.ts";

before(async () => { await init(); });

const loader = (n: number, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });
const quiet = { enableProgressBar: false, enableModelSummary: false, numSanityValSteps: 0 } as const;

function fixed(): Regressor {
  const m = new Regressor();
  m.loadStateDict({ "net.weight": [0.3, -0.2], "net.bias": [0.1] });
  return m;
}

test("suggestion(): steepest descent of the loss after skipBegin, Python-slice skipEnd, non-finite points dropped", () => {
  const r = new LRFinderResult("exponential", 1e-3, 1, 20);
  r.results = { lr: Array.from({ length: 16 }, (_, i) => i / 10), loss: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 5, 4, 1, 0.9, 0.8, 3] };
  // gradient of [5, 4, 1, 0.9, 0.8] = [-1, -2, -1.55, -0.1, -0.1]: argmin 1 → index 11
  assert.equal(r.suggestion(), 1.1);
  assert.equal(r.optimalIdx, 11);
  assert.equal(r.suggestion(10, 0), null, "skipEnd 0 is Python's [10:-0]: empty");
  r.results.loss[11] = NaN;
  // [5, NaN, 1, 0.9, 0.8] → [5, 1, 0.9, 0.8]: gradient [-4, -2.05, -0.1, -0.1], argmin 0 → index 10
  assert.equal(r.suggestion(), 1.0, "the NaN is dropped and the index shifts as in Lightning");
  assert.equal(new LRFinderResult("linear", 0, 1, 5).suggestion(), null);
  assert.throws(() => new LRFinderResult("cubic" as any, 0, 1, 5), /mode should be either `linear` or `exponential`/);
});

test("lrFind restores weights, optimizer state and trainer; updateAttr writes lr (field) and learningRate (hparams)", async () => {
  class WithLr extends Regressor {
    lr = 0.5;
    configureOptimizers(): any { return new SGD(this.parameters(), { lr: this.lr, momentum: 0.9 }); }
  }
  const m = new WithLr();
  m.loadStateDict({ "net.weight": [0.3, -0.2], "net.bias": [0.1] });
  const trainer = new Trainer({ maxEpochs: 2, ...quiet });
  // 20 batches per epoch: the search fits in the trainer's maxEpochs (it counts against them, as in Lightning)
  const r = (await new Tuner(trainer).lrFind(m, loader(80), { minLr: 1e-4, maxLr: 1, numTraining: 20, updateAttr: true }))!;
  assert.equal(r.results.lr.length, r.results.loss.length);
  assert.equal(m.lr, r.suggestion());
  assert.deepEqual(m.parameters().map((p) => Array.from(p.dataSync())), [[Math.fround(0.3), Math.fround(-0.2)], [Math.fround(0.1)]]);
  assert.equal(trainer.globalStep, 0);
  assert.equal(trainer.callbacks.length, 0, "the finder's callbacks are gone");
  // a fit afterwards equals a fit of a fresh model with the same lr
  await trainer.fit(m, loader(80));
  const ref = new WithLr();
  ref.loadStateDict({ "net.weight": [0.3, -0.2], "net.bias": [0.1] });
  ref.lr = m.lr;
  await new Trainer({ maxEpochs: 2, ...quiet }).fit(ref, loader(80));
  assert.deepEqual(m.parameters().map((p) => Array.from(p.dataSync())), ref.parameters().map((p) => Array.from(p.dataSync())));

  const h = fixed();
  h.hparams.learningRate = 0.1;
  const r2 = (await new Tuner(new Trainer(quiet)).lrFind(h, loader(16), { numTraining: 15, updateAttr: true }))!;
  assert.equal(h.hparams.learningRate, r2.suggestion());
});

test("the divergence stop ends the search once the smoothed loss passes earlyStopThreshold × best", async () => {
  const r = (await new Tuner(new Trainer(quiet)).lrFind(fixed(), loader(16), { minLr: 1e-2, maxLr: 1e4, numTraining: 50, earlyStopThreshold: 1.5 }))!;
  assert.ok(r.results.loss.length < 50, `${r.results.loss.length} steps`);
  const last = r.results.loss[r.results.loss.length - 1]!;
  assert.ok(!(last <= 1.5 * Math.min(...r.results.loss.slice(0, -1))), "stopped on a diverging point");
  const all = (await new Tuner(new Trainer(quiet)).lrFind(fixed(), loader(16), { minLr: 1e-2, maxLr: 1e4, numTraining: 30, earlyStopThreshold: null }))!;
  assert.equal(all.results.lr.length, 30);
});

test("lrFind errors: several optimizers, no lr attribute for updateAttr, a method other than fit", async () => {
  const two = fixed();
  two.configureOptimizers = function (this: Regressor) { return [new SGD(this.parameters(), { lr: 0.1 }), new SGD(this.parameters(), { lr: 0.1 })]; };
  two.trainingStep = function (this: Regressor, batch: any) { return Regressor.prototype.trainingStep.call(this, batch); };
  await assert.rejects(new Tuner(new Trainer(quiet)).lrFind(two, loader(8)),
    { name: "MisconfigurationException", message: /returned 2, but learning rate finder only works with single optimizer/ });
  await assert.rejects(new Tuner(new Trainer(quiet)).lrFind(fixed(), loader(8), { updateAttr: true }),
    { name: "MisconfigurationException", message: /should have one of these fields: \('lr', 'learningRate'\)/ });
  await assert.rejects(new Tuner(new Trainer(quiet)).lrFind(fixed(), loader(8), { method: "test" }), /invalid configuration to run lr finder/);
});
