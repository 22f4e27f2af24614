// The camelCase constructors (one options object) behave like torch's classes: checked
// against the same torch recordings the factory tests use, plus behaviour the
// recordings cannot show (group keys torch adds, betas tuples, tensor metrics).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { assertSameSnapshot, findCase, loadWasm, snapshot, standInOptimizer } from "./helpers.ts";
import {
  ChainedScheduler, ConstantLR, CosineAnnealingLR, CyclicLR, ExponentialLR, LambdaLR, LRScheduler, OneCycleLR,
  ReduceLROnPlateau, SequentialLR, StepLR, LinearLR, lambdaFromSpec,
} from "../../ts/optim/lr_scheduler/index.ts";

before(loadWasm);

function replay(name: string, make: (opt: ReturnType<typeof standInOptimizer>) => LRScheduler | ReduceLROnPlateau): void {
  const c = findCase(name);
  const opt = standInOptimizer(c.optimizer, c.groups);
  const s = make(opt);
  c.record!.forEach((snap, k) => {
    if (k > 0) {
      const a = c.actions?.[k - 1] ?? null;
      if (s instanceof ReduceLROnPlateau) s.step({ item: () => a as number }); // a scalar tensor works too
      else if (a === null) s.step();
      else s.step(a);
    }
    assertSameSnapshot(snapshot(s, opt), snap, `${name} step ${k}`);
  });
}

describe("camelCase constructors match torch", () => {
  test("StepLR", () => replay("step_2_half", (o) => new StepLR(o, { stepSize: 2, gamma: 0.5 })));
  test("LambdaLR with a plain function", () => replay("lambda_exp", (o) => new LambdaLR(o, { lrLambda: lambdaFromSpec({ kind: "exp", gamma: 0.9 }, false) })));
  test("CosineAnnealingLR resumed (lastEpoch given)", () =>
    replay("cosine_resume", (o) => new CosineAnnealingLR(o, { tMax: 9, etaMin: 0.001, lastEpoch: 4 })));
  test("CyclicLR with momentum", () => replay("cyclic_triangular_momentum", (o) => new CyclicLR(o, { baseLr: 0.001, maxLr: 0.02, stepSizeUp: 3 })));
  test("OneCycleLR on Adam cycles betas[0]", () => replay("onecycle_adam", (o) => new OneCycleLR(o, { maxLr: 0.05, totalSteps: 30 })));
  test("SequentialLR", () =>
    replay("sequential_linear_exp", (o) => new SequentialLR(o, {
      schedulers: [new LinearLR(o, { startFactor: 0.5, totalIters: 2 }), new ExponentialLR(o, { gamma: 0.9 })],
      milestones: [2],
    })));
  test("ChainedScheduler", () =>
    replay("chained_constant_exp", (o) => new ChainedScheduler([new ConstantLR(o, { factor: 0.5, totalIters: 2 }), new ExponentialLR(o, { gamma: 0.9 })])));
  test("ReduceLROnPlateau with tensor-like metrics", () =>
    replay("plateau_abs_cooldown", (o) => new ReduceLROnPlateau(o, {
      factor: 0.3, patience: 1, threshold: 0.05, thresholdMode: "abs", cooldown: 2, minLr: [0.01, 0.001],
    })));
});

describe("param-group keys torch adds", () => {
  test("initialLr is set once and kept (setdefault)", () => {
    const o = standInOptimizer("SGD", [{ lr: 0.1 }]);
    new StepLR(o, { stepSize: 1, gamma: 0.5 }).step();
    new ExponentialLR(o, { gamma: 0.9 });
    assert.equal(o.paramGroups[0]!.initialLr, 0.1);
  });

  test("OneCycleLR writes initialLr, maxLr, minLr, maxMomentum, baseMomentum and a new betas tuple", () => {
    const o = standInOptimizer("Adam", [{ lr: 0.1 }]);
    const before = o.paramGroups[0]!.betas;
    new OneCycleLR(o, { maxLr: 0.5, totalSteps: 10, divFactor: 5, finalDivFactor: 10 });
    const g = o.paramGroups[0]!;
    assert.equal(g.initialLr, 0.1);
    assert.equal(g.maxLr, 0.5);
    assert.equal(g.minLr, 0.1 / 10);
    assert.equal(g.maxMomentum, 0.95);
    assert.equal(g.baseMomentum, 0.85);
    assert.notEqual(g.betas, before, "betas is replaced, not mutated");
    assert.deepEqual(g.betas, [0.95, 0.999]);
    assert.deepEqual(before, [0.9, 0.999]);
  });

  test("CyclicLR on SGD sets lr to base_lr and momentum to base_momentum before the first step", () => {
    const o = standInOptimizer("SGD", [{ lr: 0.1 }]);
    const s = new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
    assert.deepEqual(s.getLastLr(), [0.01]);
    assert.equal(o.paramGroups[0]!.momentum, 0.9); // last_epoch 0: momentum at max_momentum
    assert.deepEqual(s.baseLrs, [0.01]);
  });

  test("CyclicLR accepts Adam when cycleMomentum is false (torch 1.13 only cycles `momentum`)", () => {
    const o = standInOptimizer("Adam", [{ lr: 0.1 }]);
    const s = new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2, cycleMomentum: false });
    s.step();
    assert.deepEqual(s.getLastLr(), [0.01 + (0.1 - 0.01) * 0.5]);
    assert.deepEqual(o.paramGroups[0]!.betas, [0.9, 0.999]);
  });
});

describe("verbose printing uses torch's wording", () => {
  test("Adjusting / Epoch lines", () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(" "));
    try {
      const o = standInOptimizer("SGD", [{ lr: 0.1 }]);
      const s = new StepLR(o, { stepSize: 1, gamma: 0.5, verbose: true });
      s.step();
      const p = new ReduceLROnPlateau(o, { patience: 0, verbose: true });
      p.step(1);
      p.step(2);
    } finally {
      console.log = original;
    }
    assert.deepEqual(lines, [
      "Adjusting learning rate of group 0 to 1.0000e-01.",
      "Adjusting learning rate of group 0 to 5.0000e-02.",
      "Epoch 00002: reducing learning rate of group 0 to 5.0000e-03.",
    ]);
  });
});
