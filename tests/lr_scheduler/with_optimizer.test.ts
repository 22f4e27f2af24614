// Schedulers on the real torch-shaped optimizers (ts/optim): the groups the optimizer
// fills in, betas/momentum it reads, and a checkpoint restored through both stateDicts.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import { Parameter } from "../../ts/autograd/tensor.ts";
import { createOptimizer } from "../../ts/optim/index.ts";
import { createScheduler, type LRScheduler } from "../../ts/optim/lr_scheduler/index.ts";
import { assertSameSnapshot, findCase, snapshot } from "./helpers.ts";

before(async () => {
  await init({ backend: "cpu" });
});

const param = () => new Parameter(tf.tensor([0], [1], "float32"));

describe("schedulers drive ts/optim optimizers", () => {
  test("OneCycleLR on Adam follows torch (lr and betas[0])", () => {
    const c = findCase("onecycle_adam");
    const opt = createOptimizer("Adam", [param()], { lr: 0.1 });
    const s = createScheduler("OneCycleLR", opt, c.scheduler.args) as LRScheduler;
    c.record!.forEach((snap, k) => {
      if (k > 0) s.step();
      assertSameSnapshot(snapshot(s, opt), snap, `step ${k}`);
    });
  });

  test("CyclicLR cycles SGD's momentum and refuses Adam", () => {
    const c = findCase("cyclic_triangular_momentum");
    const opt = createOptimizer("SGD", [param()], { lr: 0.1, momentum: 0.9 });
    const s = createScheduler("CyclicLR", opt, c.scheduler.args) as LRScheduler;
    c.record!.forEach((snap, k) => {
      if (k > 0) s.step();
      assertSameSnapshot(snapshot(s, opt), snap, `step ${k}`);
    });
    const adam = createOptimizer("Adam", [param()], { lr: 0.1 });
    assert.throws(() => createScheduler("CyclicLR", adam, { base_lr: 0.001, max_lr: 0.01 }),
      /^ValueError: optimizer must support momentum with `cycle_momentum` option enabled$/);
  });

  test("checkpoint: optimizer and scheduler state restored into fresh objects continue the run", () => {
    const c = findCase("cosine_past_tmax");
    const make = () => {
      const opt = createOptimizer("SGD", [{ params: [param()], lr: 0.1 }, { params: [param()], lr: 0.03 }], { lr: 0.1, momentum: 0.9 });
      return { opt, s: createScheduler("CosineAnnealingLR", opt, c.scheduler.args) as LRScheduler };
    };
    const a = make();
    for (let k = 0; k < 11; k++) a.s.step();
    const optState = JSON.parse(JSON.stringify(a.opt.stateDict()));
    const schedState = JSON.parse(JSON.stringify(a.s.stateDict()));
    const b = make();
    b.opt.loadStateDict(optState);
    b.s.loadStateDict(schedState);
    for (let k = 12; k < c.record!.length; k++) {
      b.s.step();
      assertSameSnapshot(snapshot(b.s, b.opt), c.record![k]!, `resumed step ${k}`);
    }
  });
});
