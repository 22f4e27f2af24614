// examples/auto/warmup.ts: the optimizerStep warm-up scales the lr for the first warmupSteps steps.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/auto/warmup.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("auto/warmup: lr at global step s is min(1, (s + 1) / warmupSteps) · learningRate, then learningRate", () => {
  assert.equal(r.globalStep, 16);
  assert.equal(r.stepLrs.length, 16);
  r.stepLrs.forEach((lr, s) => {
    const expected = s < r.warmupSteps ? Math.min(1, (s + 1) / r.warmupSteps) * r.learningRate : r.learningRate;
    assert.equal(lr, expected, `step ${s}`);
  });
  assert.ok(r.stepLrs[0] < r.stepLrs[r.warmupSteps - 1]);
});

test("auto/warmup: the loss goes down", () => {
  assert.ok(r.lastLoss < r.firstLoss * 0.2, `${r.firstLoss} → ${r.lastLoss}`);
});
