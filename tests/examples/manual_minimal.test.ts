// examples/manual/minimal.ts: zeroGrad → manualBackward → step trains, one global step per opt.step().
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/minimal.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/minimal: the loss goes down", () => {
  assert.ok(r.lastLoss < r.firstLoss * 0.1, `${r.firstLoss} → ${r.lastLoss}`);
});

test("manual/minimal: globalStep counts every opt.step() (one per batch)", () => {
  assert.equal(r.epochs, 4);
  assert.equal(r.batchesPerEpoch, 8);
  assert.equal(r.globalStep, 32);
  assert.equal(r.losses.length, 32);
});
