// examples/manual/raw_optimizer.ts: optimizer.optimizer is the wrapped optimizer; stepping it bypasses Lightning.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/raw_optimizer.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/raw_optimizer: optimizers() is a LightningOptimizer and .optimizer the SGD it wraps", () => {
  assert.equal(r.wrapperSeen, true);
  assert.equal(r.rawSeen, true);
});

test("manual/raw_optimizer: raw steps train but are invisible to Lightning (no hook, no global step)", () => {
  assert.ok(r.lastLoss < r.firstLoss * 0.2, `${r.firstLoss} → ${r.lastLoss}`);
  assert.equal(r.rawSteps, 18);
  assert.equal(r.globalStep, 0);
  assert.equal(r.beforeOptimizerStepCalls, 0);
});
