// examples/models/lstm_sine.ts at CI size: 4 epochs over 256 waves (16 steps).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main, SEQ_LEN, sineWaves } from "../../examples/models/lstm_sine.ts";
import { Generator, noGrad } from "../../examples/fulgur.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main({ epochs: 4, nTrain: 256, log: false }); }, { timeout: 180_000 });

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

test("models/lstm_sine: the training loss drops", () => {
  assert.equal(r.losses.length, 4 * r.stepsPerEpoch);
  assert.ok(r.losses.every(Number.isFinite));
  assert.ok(mean(r.losses.slice(-4)) < 0.5 * mean(r.losses.slice(0, 4)), `loss ${r.losses}`);
  assert.ok(r.val.at(-1)!.loss < r.val[0].loss, `val_loss ${r.val.map((v) => v.loss)}`);
});

test("models/lstm_sine: it beats 'next value = current value' on the last step", () => {
  assert.ok(r.val.at(-1)!.last < r.baseline, `${r.val.at(-1)!.last} vs ${r.baseline}`);
});

test("models/lstm_sine: batchFirst input [N, T, 1] gives a prediction per step [N, T, 1]", () => {
  const d = sineWaves(3, new Generator(1));
  assert.deepEqual(d.x.shape, [3, SEQ_LEN, 1]);
  const out = noGrad(() => r.model.forward(d.x));
  assert.deepEqual(out.shape, [3, SEQ_LEN, 1]);
  assert.equal(r.model.lstm.batchFirst, true);
});
