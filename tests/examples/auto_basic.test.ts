// examples/auto/basic.ts: automatic optimization trains and counts one global step per batch.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/auto/basic.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("auto/basic: the loss goes down", () => {
  assert.ok(r.lastLoss < r.firstLoss * 0.1, `${r.firstLoss} → ${r.lastLoss}`);
  assert.ok(Math.abs(r.loggedLoss - r.lastLoss) < 1e-6, "callbackMetrics.train_loss is the last logged loss");
});

test("auto/basic: globalStep = epochs × batches", () => {
  assert.equal(r.epochs, 10);
  assert.equal(r.batchesPerEpoch, 4);
  assert.equal(r.globalStep, 40);
});
