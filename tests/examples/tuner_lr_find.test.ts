// examples/tuner/lr_find.ts: the LR finder picks an lr, leaves the model untrained, writes the
// suggestion into model.lr, and a fit with that lr then trains.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/tuner/lr_find.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("tuner/lr_find: the exponential lr sequence from minLr towards maxLr, one lr and one smoothed loss per step", () => {
  assert.equal(r.lrs.length, r.losses.length);
  assert.ok(r.lrs.length > 11 && r.lrs.length <= 60, `${r.lrs.length} steps`);
  assert.equal(r.lrs[0], 1e-5);
  for (let i = 1; i < r.lrs.length; i++) assert.ok(r.lrs[i]! > r.lrs[i - 1]!, `lr[${i}] grows`);
});

test("tuner/lr_find: the suggestion is the steepest descent after the first 10 points, written into model.lr", () => {
  assert.ok(r.optimalIdx !== null && r.optimalIdx >= 10);
  assert.equal(r.suggestion, r.lrs[r.optimalIdx!]);
  assert.equal(r.modelLr, r.suggestion);
  assert.equal(r.restored, true, "the weights are the initial ones after the search");
});

test("tuner/lr_find: the plot is an SVG with a log lr axis and the suggestion marked", () => {
  assert.match(r.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(r.svg, /Learning rate \(log scale\)/);
  assert.match(r.svg, /<circle class="suggestion"[^>]*fill="red"/);
  assert.match(r.svg, /<path d="M[\d.]+,[\d.]+ L/);
});

test("tuner/lr_find: training with the suggested lr brings the loss down; the fit starts from step 0", () => {
  assert.equal(r.globalStep, 5 * r.batchesPerEpoch);
  assert.ok(r.lastLoss < r.firstLoss * 0.5, `${r.firstLoss} → ${r.lastLoss}`);
});
