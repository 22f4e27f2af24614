// examples/auto/alternate_steps.ts: optimizerStep override — A every batch, B every 2 batches.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/auto/alternate_steps.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("auto/alternate_steps: A's parameters change on every batch, B's only when (batchIdx + 1) % 2 === 0", () => {
  assert.equal(r.batches.length, r.batchesPerEpoch * r.epochs);
  for (const b of r.batches) {
    const where = `epoch ${b.epoch} batch ${b.batchIdx}`;
    assert.equal(b.aChanged, true, where);
    assert.equal(b.bChanged, (b.batchIdx + 1) % 2 === 0, where);
    // B's closure runs on every batch, stepped or not: two trainingStep calls per batch
    assert.equal(b.trainingSteps, 2, where);
  }
});

test("auto/alternate_steps: globalStep counts each optimizerStep call, also those that only ran the closure", () => {
  assert.equal(r.globalStep, 2 * r.batchesPerEpoch * r.epochs);
  assert.ok(r.lastLoss < r.firstLoss, `${r.firstLoss} → ${r.lastLoss}`);
});
