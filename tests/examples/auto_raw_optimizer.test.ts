// examples/auto/raw_optimizer.ts: optimizer.step({ closure }) vs optimizer.optimizer.step(closure).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/auto/raw_optimizer.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("auto/raw_optimizer: both styles train identically and count the same global steps", () => {
  for (const run of [r.throughLightning, r.raw]) {
    assert.ok(run.lastLoss < run.firstLoss * 0.2, `${run.firstLoss} → ${run.lastLoss}`);
    assert.equal(run.globalStep, 18);
  }
  assert.deepEqual(r.raw.params, r.throughLightning.params);
  assert.equal(r.raw.rawIsSgd, true);
});

test("auto/raw_optimizer: only the LightningOptimizer path runs onBeforeOptimizerStep", () => {
  assert.equal(r.throughLightning.beforeOptimizerStepCalls, 18);
  assert.equal(r.raw.beforeOptimizerStepCalls, 0);
});
