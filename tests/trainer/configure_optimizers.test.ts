// Every configureOptimizers form Lightning 1.9.5 accepts, and its rejections with its wording.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Parameter, tensor } from "../../ts/autograd/index.ts";
import { SGD } from "../../ts/optim/index.ts";
import { StepLR, ReduceLROnPlateau } from "../../ts/optim/lr_scheduler/index.ts";
import { initOptimizersAndSchedulers, setWarningSink } from "../../ts/index.ts";

before(async () => { await init(); });

const param = () => new Parameter(tensor([1, 2]));
const sgd = () => new SGD([param()], { lr: 0.1 });
const auto = (conf: unknown) => initOptimizersAndSchedulers(conf, true, false);

test("single optimizer, list, and ([optimizers], [schedulers])", () => {
  const a = sgd();
  assert.deepEqual(auto(a).optimizers, [a]);
  const b = sgd();
  assert.deepEqual(auto([a, b]).optimizers, [a, b]);
  const s = new StepLR(b, { stepSize: 1 });
  const r = auto([[a, b], [s]]);
  assert.deepEqual(r.optimizers, [a, b]);
  assert.equal(r.lrSchedulerConfigs[0].scheduler, s);
  assert.equal(r.lrSchedulerConfigs[0].optIdx, 1);
  assert.equal(r.lrSchedulerConfigs[0].interval, "epoch");
  assert.equal(r.lrSchedulerConfigs[0].frequency, 1);
  // a single scheduler (not a list) as the second item
  assert.equal(auto([[a], new StepLR(a, { stepSize: 1 })]).lrSchedulerConfigs.length, 1);
});

test("dict with scheduler config, and a list of dicts with frequencies", () => {
  const a = sgd();
  const s = new StepLR(a, { stepSize: 1 });
  const r = auto({ optimizer: a, lr_scheduler: { scheduler: s, interval: "step", frequency: 3 } });
  assert.equal(r.lrSchedulerConfigs[0].interval, "step");
  assert.equal(r.lrSchedulerConfigs[0].frequency, 3);
  const p = new ReduceLROnPlateau(a);
  const m = auto({ optimizer: a, lrScheduler: p, monitor: "val_loss" });
  assert.equal(m.lrSchedulerConfigs[0].reduceOnPlateau, true);
  assert.equal(m.lrSchedulerConfigs[0].monitor, "val_loss");
  const b = sgd();
  const l = auto([{ optimizer: a, frequency: 2, lr_scheduler: s }, { optimizer: b, frequency: 1 }]);
  assert.deepEqual(l.optimizerFrequencies, [2, 1]);
  assert.equal(l.lrSchedulerConfigs[0].optIdx, 0);
});

test("rejections use Lightning's wording", () => {
  const a = sgd();
  const b = sgd();
  assert.throws(() => auto([{ optimizer: a, frequency: 2 }, { optimizer: b }]), { name: "ValueError", message: "A frequency must be given to each optimizer." });
  assert.throws(() => auto({ optimizer: a, lr_scheduler: { scheduler: new StepLR(a, { stepSize: 1 }), interval: "batch" } }),
    { name: "MisconfigurationException", message: 'The "interval" key in lr scheduler dict must be "step" or "epoch" but is "batch"' });
  assert.throws(() => auto({ optimizer: a, lr_scheduler: { scheduler: new ReduceLROnPlateau(a) } }), /must include a monitor when a `ReduceLROnPlateau`/);
  assert.throws(() => auto([[a], [new ReduceLROnPlateau(a)]]), /`configure_optimizers` must include a monitor/);
  assert.throws(() => auto({ optimizer: a, lr_scheduler: { interval: "step" } }), /must have the key "scheduler"/);
  assert.throws(() => auto(42), /Unknown configuration for model optimizers/);
  assert.throws(() => auto([[a], [new StepLR(sgd(), { stepSize: 1 })]]), /attached with an optimizer that wasn't returned/);
  assert.throws(() => auto([[a], [{ stepDict: 1 }]]), /lr scheduler dict must have the key "scheduler"/);
});

test("unknown keys in a scheduler or optimizer dict are refused, naming the key", () => {
  const a = sgd();
  const s = new StepLR(a, { stepSize: 1 });
  assert.throws(
    () => auto({ optimizer: a, lr_scheduler: { scheduler: s, intervall: "step" } }),
    (e: Error) => e.name === "MisconfigurationException" && /unsupported keys in the lr scheduler dict: \{'intervall'\}/.test(e.message),
  );
  assert.throws(() => auto({ optimizer: a, lr_schedulr: s }), /unsupported keys in the optimizer configuration: \{'lr_schedulr'\}/);
});

test("manual optimization drops stepping keys with a warning", () => {
  const warnings: string[] = [];
  const prev = setWarningSink((m) => warnings.push(m));
  try {
    const a = sgd();
    const s = new StepLR(a, { stepSize: 1 });
    const r = initOptimizersAndSchedulers({ optimizer: a, lr_scheduler: { scheduler: s, frequency: 5, monitor: "x" } }, false, false);
    assert.equal(r.lrSchedulerConfigs[0].frequency, 1);
    assert.ok(warnings.some((w) => w.includes("['frequency', 'monitor'], but the keys will be ignored")));
    assert.equal(auto(null).optimizers.length, 1); // Lightning's mock optimizer
    assert.ok(warnings.some((w) => w.includes("returned `None`")));
  } finally {
    setWarningSink(prev);
  }
});
