// examples/auto/multiple_optimizers.ts: the guide's three configureOptimizers forms for two optimizers.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { Parameter, SGD, OneCycleLR, zeros } from "../../examples/fulgur.ts";
import { main, EPOCHS, ONE_CYCLE, PLATEAU, STEP_LR } from "../../examples/auto/multiple_optimizers.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("auto/multiple_optimizers: every form trains and steps both optimizers on every batch", () => {
  for (const run of [r.twoOptimizers, r.plateauOnOpt1, r.twoSchedulers]) {
    assert.equal(run.epochs, EPOCHS);
    assert.deepEqual(run.steps, [run.batchesPerEpoch * EPOCHS, run.batchesPerEpoch * EPOCHS]);
    assert.equal(run.globalStep, 2 * run.batchesPerEpoch * EPOCHS);
    assert.ok(run.lastLoss < run.firstLoss * 0.2, `${run.firstLoss} → ${run.lastLoss}`);
  }
});

test("auto/multiple_optimizers: without schedulers the lrs never change", () => {
  for (const lrs of r.twoOptimizers.epochLrs) assert.deepEqual(lrs, [0.01, 0.05]);
});

test("auto/multiple_optimizers: ReduceLROnPlateau on opt1 follows the monitored metric at each epoch end; opt2 untouched", () => {
  const { epochLrs, epochMetrics, finalLrs } = r.plateauOnOpt1;
  const lrs = [...epochLrs, finalLrs]; // lr at the start of epoch e+1 = after the plateau step of epoch e
  let best = Infinity;
  let lr = 0.01;
  let reductions = 0;
  epochMetrics.forEach((metric, e) => {
    if (metric < best * (1 - PLATEAU.threshold)) best = metric;
    else { lr *= PLATEAU.factor; reductions++; }
    assert.equal(lrs[e + 1][0], lr, `after epoch ${e} (metric ${metric})`);
    assert.equal(lrs[e + 1][1], 0.05);
  });
  assert.ok(reductions > 0, "the plateau scheduler reduced the lr at least once");
});

test("auto/multiple_optimizers: [StepLR(opt1), OneCycleLR(opt2)] step once per epoch", () => {
  const { epochLrs } = r.twoSchedulers;
  epochLrs.forEach((lrs, e) => assert.equal(lrs[0], 0.01 * STEP_LR.gamma ** Math.floor(e / STEP_LR.stepSize), `StepLR epoch ${e}`));
  // a OneCycleLR on a twin optimizer, stepped once per epoch by hand
  const twin = new SGD([new Parameter(zeros([1]))], { lr: 0.05, momentum: 0.9 });
  const sched = new OneCycleLR(twin, ONE_CYCLE);
  epochLrs.forEach((lrs, e) => {
    assert.equal(lrs[1], twin.paramGroups[0].lr, `OneCycleLR epoch ${e}`);
    sched.step();
  });
  assert.equal(r.twoSchedulers.finalLrs[1], twin.paramGroups[0].lr);
});
