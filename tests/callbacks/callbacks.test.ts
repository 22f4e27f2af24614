// Callbacks: hook order (callback before module), EarlyStopping, ModelCheckpoint top-k and
// names, CSVLogger's metrics.csv, LearningRateMonitor names, MetricsStream, ProgressBar.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import {
  CSVLogger, Callback, DataLoader, EarlyStopping, LearningRateMonitor, MemoryCheckpointIO, MetricsStream, ModelCheckpoint,
  ProgressBar, Trainer,
} from "../../ts/index.ts";
import { Regressor, regressionData } from "../trainer/simple_model.ts";

before(async () => { await init(); });
const loader = (n = 12, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });

test("callback hooks run before the module's hook of the same name, in Lightning's order", async () => {
  const events: string[] = [];
  class Rec extends Callback {
    override setup() { events.push("cb.setup"); }
    override onFitStart() { events.push("cb.onFitStart"); }
    override onTrainEpochStart() { events.push("cb.onTrainEpochStart"); }
    override onTrainBatchStart(_t: any, _m: any, _b: any, i: number) { events.push(`cb.onTrainBatchStart ${i}`); }
    override onTrainBatchEnd(_t: any, _m: any, _o: any, _b: any, i: number) { events.push(`cb.onTrainBatchEnd ${i}`); }
    override onTrainEpochEnd() { events.push("cb.onTrainEpochEnd"); }
    override onFitEnd() { events.push("cb.onFitEnd"); }
    override teardown() { events.push("cb.teardown"); }
  }
  const m = new Regressor();
  m.onTrainBatchEnd = (_o: any, _b: any, i: number) => void events.push(`module.onTrainBatchEnd ${i}`);
  m.onTrainEpochEnd = () => void events.push("module.onTrainEpochEnd");
  await new Trainer({ maxEpochs: 1, callbacks: [new Rec()], enableProgressBar: false }).fit(m, loader(8));
  assert.deepEqual(events, [
    "cb.setup", "cb.onFitStart", "cb.onTrainEpochStart",
    "cb.onTrainBatchStart 0", "cb.onTrainBatchEnd 0", "module.onTrainBatchEnd 0",
    "cb.onTrainBatchStart 1", "cb.onTrainBatchEnd 1", "module.onTrainBatchEnd 1",
    "cb.onTrainEpochEnd", "module.onTrainEpochEnd", "cb.onFitEnd", "cb.teardown",
  ]);
});

test("EarlyStopping stops after `patience` epochs without improvement and says so in Lightning's words", async () => {
  const messages: string[] = [];
  const m = new Regressor();
  const scores = [1, 0.5, 0.6, 0.7, 0.4];
  m.trainingStep = function (this: Regressor, batch: any) {
    this.log("score", scores[this.currentEpoch], { onStep: false, onEpoch: true });
    return Regressor.prototype.trainingStep.call(this, batch);
  };
  const es = new EarlyStopping({ monitor: "score", patience: 2, verbose: true, log: (s) => messages.push(s) });
  const t = new Trainer({ maxEpochs: 10, callbacks: [es], enableProgressBar: false });
  await t.fit(m, loader(8));
  assert.equal(t.currentEpoch, 4); // stopped at the end of epoch 3
  assert.equal(es.stoppedEpoch, 3);
  assert.equal(es.bestScore, 0.5);
  assert.match(messages.at(-1)!, /^Monitored metric score did not improve in the last 2 records. Best score: 0.500. Signaling Trainer to stop.$/);
  assert.ok(messages.includes("Metric score improved by 0.500 >= min_delta = 0. New best score: 0.500"));
});

test("EarlyStopping on a missing metric raises (strict) naming the available ones", async () => {
  const t = new Trainer({ maxEpochs: 2, callbacks: [new EarlyStopping({ monitor: "nope" })], enableProgressBar: false });
  await assert.rejects(t.fit(new Regressor(), loader(8)), {
    name: "RuntimeError", message: /Early stopping conditioned on metric `nope` which is not available. .*`loss`/,
  });
});

test("EarlyStopping divergence and stopping thresholds", async () => {
  const m = new Regressor();
  m.trainingStep = function (this: Regressor, batch: any) {
    this.log("score", 100);
    return Regressor.prototype.trainingStep.call(this, batch);
  };
  const t = new Trainer({ maxEpochs: 5, callbacks: [new EarlyStopping({ monitor: "score", divergenceThreshold: 50 })], enableProgressBar: false });
  await t.fit(m, loader(8));
  assert.equal(t.currentEpoch, 1);
});

test("ModelCheckpoint keeps the top-k by the monitor with Lightning's file names, plus last.ckpt", async () => {
  const io = new MemoryCheckpointIO();
  const m = new Regressor();
  const scores = [0.9, 0.3, 0.5, 0.1];
  let e = 0;
  m.trainingStep = function (this: Regressor, batch: any) {
    const loss = Regressor.prototype.trainingStep.call(this, batch);
    this.log("score", scores[e], { onStep: false, onEpoch: true });
    return loss;
  };
  m.onTrainEpochEnd = () => void e++;
  const ck = new ModelCheckpoint({ dirpath: "ck", monitor: "score", saveTopK: 2, saveLast: true, filename: "{epoch}-{score:.2f}" });
  await new Trainer({ maxEpochs: 4, callbacks: [ck], checkpointIO: io, enableProgressBar: false }).fit(m, loader(8));
  assert.deepEqual([...io.files.keys()].sort(), ["ck/epoch=1-score=0.30.ckpt", "ck/epoch=3-score=0.10.ckpt", "ck/last.ckpt"]);
  assert.equal(ck.bestModelPath, "ck/epoch=3-score=0.10.ckpt");
  assert.equal(ck.bestModelScore, 0.1);
});

test("ModelCheckpoint rejects Lightning's invalid configurations", () => {
  assert.throws(() => new ModelCheckpoint({ saveTopK: 3 }), { name: "MisconfigurationException", message: /save_top_k=3, monitor=None/ });
  assert.throws(() => new ModelCheckpoint({ everyNTrainSteps: 2, everyNEpochs: 1 }), /should be mutually exclusive/);
  assert.throws(() => new ModelCheckpoint({ saveTopK: -2 }), /Invalid value for save_top_k=-2/);
});

test("CSVLogger writes save_dir/name/version_N/metrics.csv with step and epoch columns", async () => {
  const io = new MemoryCheckpointIO();
  await io.write("logs/exp/version_0/metrics.csv", "old");
  const logger = new CSVLogger({ saveDir: "logs", name: "exp", io });
  const lr = new LearningRateMonitor();
  const t = new Trainer({ maxEpochs: 2, logger, logEveryNSteps: 1, callbacks: [lr], enableProgressBar: false });
  await t.fit(new Regressor(), loader(8));
  const csv = await io.read("logs/exp/version_1/metrics.csv");
  const [header, ...rows] = csv.trim().split("\n");
  // Lightning's union of keys in first-seen order: the LR row has no epoch, step rows add it
  assert.deepEqual(header.split(","), ["lr-SGD", "step", "loss", "epoch"]);
  assert.equal(rows.length, 6 /* lr at each batch and epoch start */ + 4 /* loss per step */);
  assert.deepEqual(lr.lrs, { "lr-SGD": [0.05, 0.05, 0.05, 0.05, 0.05, 0.05] });
});

test("LearningRateMonitor without a logger raises like Lightning", async () => {
  const t = new Trainer({ maxEpochs: 1, callbacks: [new LearningRateMonitor()], enableProgressBar: false });
  await assert.rejects(t.fit(new Regressor(), loader(8)), /Cannot use `LearningRateMonitor` callback with `Trainer` that has no logger./);
});

test("MetricsStream calls back with every step's metrics", async () => {
  const seen: Array<{ step: number; loss: number }> = [];
  const t = new Trainer({ maxEpochs: 2, callbacks: [new MetricsStream((s) => seen.push({ step: s.step, loss: s.metrics.loss }))], enableProgressBar: false });
  await t.fit(new Regressor(), loader(8));
  assert.deepEqual(seen.map((s) => s.step), [1, 2, 3, 4]);
  assert.ok(seen.every((s) => Number.isFinite(s.loss)));
});

test("ProgressBar draws epoch, n/total, it/s and progBar metrics; silent without a terminal", async () => {
  let out = "";
  let now = 0;
  const bar = new ProgressBar({ write: (s) => (out += s), now: () => (now += 100) });
  const m = new Regressor();
  m.trainingStep = function (this: Regressor, batch: any) {
    const loss = Regressor.prototype.trainingStep.call(this, batch);
    this.log("pb", 0.25, { progBar: true });
    return loss;
  };
  await new Trainer({ maxEpochs: 1, callbacks: [bar] }).fit(m, loader(8));
  // Lightning 1.9.5: the running loss first (a {:.3g} string), then the progBar metrics as tqdm formats floats
  assert.match(out, /\rEpoch 0:  50% 1\/2 \[00:00<00:00, \d+\.\d\dit\/s, loss=[\d.e+-]+, pb=0\.250\]/);
  assert.match(out, /Epoch 0: 100% 2\/2 .*\n$/);
  // Without a terminal the bar is still on: one line per epoch (tests/package/console.test.ts).
  assert.equal(new ProgressBar({ write: undefined }).enabled, true);
  assert.throws(() => new Trainer({ enableProgressBar: false, callbacks: [bar] }), /enable_progress_bar=False/);
});
