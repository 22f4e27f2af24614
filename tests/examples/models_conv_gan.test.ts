// examples/models/conv_gan.ts at CI size: 3 epochs on 320 digit images (5 batches each).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/models/conv_gan.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main({ epochs: 3, trainLimit: 320, log: false }); }, { timeout: 120_000 });

test("models/conv_gan: both losses are finite and move", () => {
  assert.equal(r.gLosses.length, 15);
  for (const v of [...r.gLosses, ...r.dLosses]) assert.ok(Number.isFinite(v), `non-finite loss ${v}`);
  const spread = (a: number[]) => Math.max(...a) - Math.min(...a);
  assert.ok(spread(r.dLosses) > 0.01, `d_loss did not move: ${r.dLosses}`);
  assert.ok(spread(r.gLosses) > 0.01, `g_loss did not move: ${r.gLosses}`);
});

test("models/conv_gan: two opt.step() calls per batch make two global steps", () => {
  assert.equal(r.globalStep, 2 * 15);
});

test("models/conv_gan: G's samples changed and their mean image moved toward the real one", () => {
  assert.equal(r.after.length, 64 * 64);
  assert.ok(r.after.every((v) => Number.isFinite(v) && v >= -1 && v <= 1));
  let maxDiff = 0;
  for (let i = 0; i < r.after.length; i++) maxDiff = Math.max(maxDiff, Math.abs(r.after[i] - r.before[i]));
  assert.ok(maxDiff > 0.1, `samples barely changed: ${maxDiff}`);
  assert.ok(r.endRms < r.startRms, `mean image RMS ${r.startRms} → ${r.endRms}`);
});

test("models/conv_gan: validationStep judged held-out digits and G's images every epoch", () => {
  assert.equal(r.valD.length, 3);
  for (const { real, fake } of r.valD) {
    assert.ok(real > 0 && real < 1 && fake > 0 && fake < 1, `D's probabilities ${real} ${fake}`);
  }
});
