// The /2 trainer flags beyond the recorded scenarios: limit fractions (and Lightning's error when
// a fraction leaves no batch), valCheckInterval as a fraction, limitValBatches, sanity steps.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Callback, DataLoader, Trainer } from "../../ts/index.ts";
import { Regressor, regressionData } from "./simple_model.ts";

before(async () => { await init(); });

const loader = (n: number, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });

class Where extends Callback {
  vals: Array<[number, number, boolean]> = [];
  valBatches: number[] = [];
  trainBatches = 0;
  override onTrainBatchStart(): void { this.trainBatches++; }
  override onValidationStart(t: Trainer): void { this.vals.push([t.currentEpoch, t.fitLoop.epochLoop.batchIdx, t.sanityChecking]); this.valBatches.push(0); }
  override onValidationBatchStart(): void { this.valBatches[this.valBatches.length - 1]!++; }
}

test("a limit fraction that leaves no batch is Lightning's error", async () => {
  await assert.rejects(new Trainer({ maxEpochs: 1, limitTrainBatches: 0.1, enableProgressBar: false }).fit(new Regressor(), loader(16)),
    { name: "MisconfigurationException", message: /You requested to check 0.1 of the `train_dataloader` but 0.1 \* 4 < 1. Please increase the `limit_train_batches` argument. Try at least `limit_train_batches=0.25`/ });
  await assert.rejects(new Trainer({ maxEpochs: 1, limitValBatches: 0.2, numSanityValSteps: 0, enableProgressBar: false }).fit(new Regressor(), loader(16), loader(8)),
    /You requested to check 0.2 of the `val_dataloader` but 0.2 \* 2 < 1/);
});

test("valCheckInterval 0.5, limitTrainBatches 0.75, limitValBatches 0.5 and two sanity steps", async () => {
  const w = new Where();
  const t = new Trainer({
    maxEpochs: 2, valCheckInterval: 0.5, limitTrainBatches: 0.75, limitValBatches: 0.5, numSanityValSteps: 2,
    callbacks: [w], enableProgressBar: false,
  });
  await t.fit(new Regressor(), loader(32), loader(24));
  // 8 batches → 6 trained; validation every floor(6 * 0.5) = 3 batches; 6 val batches → 3 run
  assert.equal(w.trainBatches, 12);
  assert.deepEqual(w.vals, [[0, -1, true], [0, 2, false], [0, 5, false], [1, 2, false], [1, 5, false]]);
  assert.deepEqual(w.valBatches, [2, 3, 3, 3, 3]);
  assert.ok("val_loss" in t.callbackMetrics);
});

test("checkValEveryNEpoch null needs an integer valCheckInterval; limits outside [0, 1] that are not integers are refused", () => {
  assert.throws(() => new Trainer({ checkValEveryNEpoch: null }), /`val_check_interval` should be an integer when `check_val_every_n_epoch=None`, found 1.0/);
  assert.throws(() => new Trainer({ checkValEveryNEpoch: null, valCheckInterval: 0.5 }), /found 0.5/);
  assert.doesNotThrow(() => new Trainer({ checkValEveryNEpoch: null, valCheckInterval: 3 }));
  assert.throws(() => new Trainer({ limitTrainBatches: 1.5 }), { name: "MisconfigurationException", message: /`limit_train_batches` must be an int >= 0 or a float in \[0.0, 1.0\]. Got 1.5/ });
  assert.throws(() => new Trainer({ limitValBatches: -1 }), /`limit_val_batches` must be an int >= 0/);
});
