// examples/manual/accumulate.ts: weights move only when (batchIdx + 1) % n === 0.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/accumulate.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/accumulate: the optimizer steps exactly after every n-th batch of each epoch", () => {
  const expected: Array<[number, number]> = [];
  for (let e = 0; e < r.epochs; e++) {
    for (let b = 0; b < r.batchesPerEpoch; b++) if ((b + 1) % r.n === 0) expected.push([e, b]);
  }
  assert.deepEqual(r.steppedAt, expected);
  assert.equal(r.globalStep, expected.length);
});

test("manual/accumulate: the loss goes down", () => {
  // six SGD steps from torch's Linear(3, 1) init for seed 0 (8.43 → 2.53 on every runtime)
  assert.ok(r.lastLoss < r.firstLoss * 0.4, `${r.firstLoss} → ${r.lastLoss}`);
});
