// examples/manual/wgan_gp.ts at CI size: the gradient penalty (a gradient of a gradient) trains the
// critic, the generator's points move onto the modes of the mixture, and the live-tensor count
// stays flat from step to step (nothing of a double-backward graph outlives its batch).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/wgan_gp.ts";

let r: Awaited<ReturnType<typeof main>>;
const GEN_STEPS = 200;
const N_CRITIC = 5;
before(async () => { r = await main({ genSteps: GEN_STEPS, nCritic: N_CRITIC, batchSize: 64, hidden: 64, trackMemory: true }); });

test("manual/wgan_gp: nCritic critic steps per generator step", () => {
  assert.equal(r.dLosses.length, GEN_STEPS * N_CRITIC);
  assert.equal(r.globalStep, GEN_STEPS * N_CRITIC + GEN_STEPS);
});

test("manual/wgan_gp: the penalty is finite and positive, the generator moves onto the modes", () => {
  for (const gp of r.gps) assert.ok(Number.isFinite(gp) && gp >= 0, `gp ${gp}`);
  assert.ok(r.after.meanSqDistance < 0.25 * r.before.meanSqDistance, `${r.before.meanSqDistance} → ${r.after.meanSqDistance}`);
  assert.ok(r.after.nearFraction > r.before.nearFraction + 0.1, `${r.before.nearFraction} → ${r.after.nearFraction}`);
  assert.ok(r.after.modesCovered >= 5, `modes covered ${r.after.modesCovered}`);
});

test("manual/wgan_gp: flat live-tensor count after warm-up", () => {
  // the same batch of every epoch (nCritic·10 batches) finds the same number of live tensors
  const perEpoch = N_CRITIC * 10;
  assert.ok(r.liveCounts.length >= 4 * perEpoch);
  for (let i = 2 * perEpoch; i < r.liveCounts.length; i++) {
    assert.equal(r.liveCounts[i], r.liveCounts[i - perEpoch], `step ${i}: ${r.liveCounts.slice(perEpoch).join(",")}`);
  }
});
