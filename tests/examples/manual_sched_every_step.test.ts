// examples/manual/sched_every_step.ts: schedulers stepped by hand after every batch.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/sched_every_step.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

const halvings = (lr0: number, n: number, every: number) => Array.from({ length: n }, (_, i) => lr0 * 0.5 ** Math.floor(i / every));

test("manual/sched_every_step: one StepLR(stepSize 2) stepped each batch halves the lr every 2 batches", () => {
  assert.deepEqual(r.single.lrs, halvings(0.1, 8, 2));
  assert.equal(r.single.globalStep, 8);
});

test("manual/sched_every_step: two schedulers from lrSchedulers() both step each batch", () => {
  assert.deepEqual(r.multiple.lrs1, halvings(0.1, 8, 3)); // StepLR(stepSize 3)
  assert.deepEqual(r.multiple.lrs2, halvings(0.05, 8, 1)); // ExponentialLR(gamma 0.5)
  assert.equal(r.multiple.globalStep, 16);
});
