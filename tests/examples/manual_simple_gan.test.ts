// examples/manual/simple_gan.ts: two optimizers driven by hand; G's samples move onto the real data.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/simple_gan.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/simple_gan: G's output moves onto the real distribution", () => {
  assert.ok(r.startDistance > 1, `start ${r.startDistance}`);
  assert.ok(r.endDistance < 0.3 * r.startDistance, `${r.startDistance} → ${r.endDistance}`);
});

test("manual/simple_gan: two opt.step() calls per batch make two global steps", () => {
  assert.equal(r.globalStep, 2 * r.batchesPerEpoch * r.epochs);
  assert.equal(r.gLosses.length, r.batchesPerEpoch * r.epochs);
});

test("manual/simple_gan: logDict put the last g_loss / d_loss in callbackMetrics", () => {
  assert.ok(Math.abs(r.callbackMetrics.g_loss - r.gLosses[r.gLosses.length - 1]) < 1e-6);
  assert.ok(Math.abs(r.callbackMetrics.d_loss - r.dLosses[r.dLosses.length - 1]) < 1e-6);
  // near equilibrium D can't tell real from fake: d_loss ≈ 2·ln 2, g_loss ≈ ln 2
  assert.ok(Math.abs(r.callbackMetrics.d_loss - 1.386) < 0.2, `d_loss ${r.callbackMetrics.d_loss}`);
});
