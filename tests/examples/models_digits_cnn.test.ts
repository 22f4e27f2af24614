// examples/models/digits_cnn.ts at CI size: 3 epochs on 640 of the 1437 training images.
// (Full size, 15 epochs on all of them, reaches 99.44% on the 360 held-out images.)
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/models/digits_cnn.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main({ epochs: 3, trainLimit: 640, log: false }); }, { timeout: 120_000 });

test("models/digits_cnn: a short run already classifies the held-out digits", () => {
  assert.equal(r.valAcc.length, 3);
  assert.ok(r.valAcc[2] >= 0.9, `validation accuracy ${r.valAcc}`);
  assert.ok(r.valAcc[2] > r.valAcc[0] || r.valAcc[0] >= 0.9, `accuracy did not improve: ${r.valAcc}`);
  assert.equal(r.globalStep, 3 * r.stepsPerEpoch);
});

test("models/digits_cnn: BatchNorm's running statistics moved and the model is back in train mode", () => {
  const buffers = new Map(r.model.namedBuffers());
  const mean = buffers.get("features.1.running_mean")!;
  assert.equal(buffers.get("features.1.num_batches_tracked")!.item(), 3 * r.stepsPerEpoch);
  assert.ok(Array.from(mean.dataSync()).some((v) => Math.abs(v) > 1e-3), "running_mean stayed at zero");
  assert.equal(r.model.training, true);
});
