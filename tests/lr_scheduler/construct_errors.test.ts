// Bad arguments fail at construction with torch 1.13's exception type and message
// (recorded by gen_sched.py), plus the factory's own argument checks.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildScheduler, cases, loadWasm, standInOptimizer } from "./helpers.ts";
import { createScheduler, StepLR, SequentialLR, LinearLR, ExponentialLR, ChainedScheduler } from "../../ts/optim/lr_scheduler/index.ts";

before(loadWasm);

/** Python prints a KeyError's message as the repr of its argument (quoted). */
const pythonText = (e: Error): string => (e.name === "KeyError" ? `${e.name}: "${e.message}"` : `${e.name}: ${e.message}`);

describe("construction errors match torch 1.13", () => {
  for (const c of cases) {
    if (!c.construct_error) continue;
    test(c.name, () => {
      const opt = standInOptimizer(c.optimizer, c.groups);
      assert.throws(() => buildScheduler(c.scheduler, opt), (e: Error) => {
        assert.equal(pythonText(e), c.construct_error);
        return true;
      });
    });
  }
});

describe("createScheduler argument checks", () => {
  const sgd = () => standInOptimizer("SGD", [{ lr: 0.1 }]);

  test("unknown keyword arguments are named", () => {
    assert.throws(() => createScheduler("StepLR", sgd(), { step_size: 2, gama: 0.5, foo: 1 }), /StepLR.*unexpected keyword argument\(s\): 'gama', 'foo'/);
  });

  test("missing required arguments are named", () => {
    assert.throws(() => createScheduler("CosineAnnealingLR", sgd(), { eta_min: 0.1 }), /CosineAnnealingLR.*missing required argument\(s\): 'T_max'/);
    assert.throws(() => createScheduler("CyclicLR", sgd(), {}), /'base_lr', 'max_lr'/);
  });

  test("unknown scheduler type", () => {
    assert.throws(() => createScheduler("WarmupLR", sgd(), {}), /Unknown LR scheduler type "WarmupLR"/);
  });

  test("wrappers need children on the same optimizer", () => {
    assert.throws(() => createScheduler("SequentialLR", sgd(), { milestones: [2] }), /SequentialLR needs its child schedulers/);
    const a = sgd();
    const b = sgd();
    const onB = new StepLR(b, { stepSize: 1 });
    assert.throws(() => new SequentialLR(a, { schedulers: [onB, new StepLR(a, { stepSize: 1 })], milestones: [1] }),
      /got schedulers at index 0 to be different than the optimizer passed in/);
    assert.throws(() => new ChainedScheduler([new StepLR(a, { stepSize: 1 }), onB]), /at index 0 and 1 to be different/);
  });

  test("bad lambda specs", () => {
    assert.throws(() => createScheduler("LambdaLR", sgd(), { lr_lambda: { kind: "cosine" } }), /unknown lr_lambda spec kind "cosine"/);
    assert.throws(() => createScheduler("LambdaLR", sgd(), { lr_lambda: 3 }), TypeError);
  });

  test("not an optimizer", () => {
    assert.throws(() => new StepLR({} as never, { stepSize: 1 }), (e: Error) => e instanceof TypeError && /is not an Optimizer/.test(e.message));
  });

  test("wrappers take no epoch argument", () => {
    const o = sgd();
    const s = new SequentialLR(o, { schedulers: [new LinearLR(o, {}), new ExponentialLR(o, { gamma: 0.9 })], milestones: [3] });
    assert.throws(() => s.step(1), TypeError);
  });
});
