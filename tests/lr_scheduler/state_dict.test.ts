// stateDict/loadStateDict mid-run: a fresh optimizer + scheduler, restored from a
// JSON-serialised state (optimizer groups first, then the scheduler, as Lightning
// restores a checkpoint), continues on torch's recorded trajectory bit for bit.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  actionsOf, act, assertSameSnapshot, buildScheduler, cases, loadWasm, snapshot, standInOptimizer, type Case,
} from "./helpers.ts";
import { LambdaLR, StepLR, CyclicLR, ReduceLROnPlateau } from "../../ts/optim/lr_scheduler/index.ts";

before(loadWasm);

function roundTrip(c: Case, split: number): void {
  const record = c.record!;
  const actions = actionsOf(c);
  const optA = standInOptimizer(c.optimizer, c.groups);
  const a = buildScheduler(c.scheduler, optA);
  for (let k = 0; k < split; k++) act(a, actions[k]!);
  const savedGroups = JSON.stringify(optA.paramGroups);
  const saved = JSON.stringify(a.stateDict());

  const optB = standInOptimizer(c.optimizer, c.groups);
  const b = buildScheduler(c.scheduler, optB);
  const groups = JSON.parse(savedGroups) as Record<string, unknown>[];
  optB.paramGroups.forEach((g, i) => Object.assign(g, groups[i]));
  b.loadStateDict(JSON.parse(saved));
  assert.deepEqual(b.getLastLr(), record[split]!.lrs, `${c.name}: restored last lr`);
  for (let k = split + 1; k < record.length; k++) {
    act(b, actions[k - 1]!);
    assertSameSnapshot(snapshot(b, optB), record[k]!, `${c.name} resumed, step ${k}`);
  }
}

describe("stateDict round trip mid-run", () => {
  for (const c of cases) {
    if (!c.record || c.record.length < 4) continue;
    test(c.name, () => roundTrip(c, Math.floor((c.record!.length - 1) / 2)));
  }
});

describe("stateDict contents", () => {
  const sgd = () => standInOptimizer("SGD", [{ lr: 0.1 }, { lr: 0.2 }]);

  test("holds everything but the optimizer, copied", () => {
    const s = new StepLR(sgd(), { stepSize: 2, gamma: 0.5 });
    s.step();
    const sd = s.stateDict();
    assert.equal("optimizer" in sd, false);
    assert.deepEqual(sd.baseLrs, [0.1, 0.2]);
    assert.equal(sd.lastEpoch, 1);
    assert.equal(sd.stepSize, 2);
    (sd.baseLrs as number[])[0] = 9;
    assert.deepEqual(s.baseLrs, [0.1, 0.2], "state must not alias the scheduler");
  });

  test("lambdas are not serialised and survive loading", () => {
    const opt = sgd();
    const s = new LambdaLR(opt, { lrLambda: (e) => 1 / (e + 1) });
    const sd = s.stateDict();
    assert.deepEqual(sd.lrLambdas, [null, null]);
    s.loadStateDict({ ...sd, lastEpoch: 3 });
    s.step();
    assert.deepEqual(s.getLastLr(), [0.1 * (1 / 5), 0.2 * (1 / 5)]);
  });

  test("a custom CyclicLR scale_fn stays with the live scheduler", () => {
    const s = new CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2, scaleFn: () => 0.5, cycleMomentum: false });
    const sd = s.stateDict();
    assert.equal("scaleFnCustom" in sd, false);
    s.loadStateDict(sd);
    s.step();
    assert.equal(s.getLastLr()[0], 0.01 + (0.1 - 0.01) * 0.5 * 0.5);
  });
});

test("ReduceLROnPlateau state survives JSON before its first step (best = ±Infinity)", () => {
  for (const mode of ["min", "max"] as const) {
    const opt = { paramGroups: [{ lr: 0.1 }], defaults: { lr: 0.1 } };
    const a = new ReduceLROnPlateau(opt as any, { mode, patience: 0 });
    const b = new ReduceLROnPlateau({ paramGroups: [{ lr: 0.1 }], defaults: { lr: 0.1 } } as any, { mode, patience: 0 });
    b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    assert.equal(b.best, mode === "min" ? Infinity : -Infinity);
    b.step(1);
    assert.equal(b.best, 1);
  }
});
