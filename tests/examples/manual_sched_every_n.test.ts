// examples/manual/sched_every_n.ts: schedulers stepped every n batches / every n epochs.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/sched_every_n.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/sched_every_n: every 2 batches (batch index restarts each epoch)", () => {
  const { seen, n } = r.everyNBatches;
  assert.equal(seen.length, 20);
  let lr = 0.08;
  for (const s of seen) {
    assert.equal(s.lr, lr, `epoch ${s.epoch} batch ${s.batchIdx}`);
    if ((s.batchIdx + 1) % n === 0) lr *= 0.5;
  }
});

test("manual/sched_every_n: every 2 epochs, on the epoch's last batch", () => {
  const { seen } = r.everyNEpochs;
  assert.equal(seen.length, 20);
  for (const s of seen) assert.equal(s.lr, s.epoch < 2 ? 0.08 : 0.04, `epoch ${s.epoch} batch ${s.batchIdx}`);
  assert.equal(r.everyNEpochs.globalStep, 20);
});
