// examples/manual/plateau.ts: ReduceLROnPlateau stepped in trainingEpochEnd on callbackMetrics.loss.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main, PLATEAU } from "../../examples/manual/plateau.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/plateau: the lr halves exactly after the epochs whose loss did not improve by the threshold", () => {
  // torch's rule for mode "min", relative threshold, patience 0, no cooldown
  let best = Infinity;
  let reductions = 0;
  for (const [i, e] of r.epochs.entries()) {
    const improved = e.loss < best * (1 - PLATEAU.threshold);
    if (improved) best = e.loss;
    const expected = improved ? e.lrBefore : e.lrBefore * PLATEAU.factor;
    assert.equal(e.lrAfter, expected, `epoch ${i}: loss ${e.loss}, best ${best}`);
    if (!improved) reductions++;
    if (i > 0) assert.equal(e.lrBefore, r.epochs[i - 1].lrAfter);
  }
  assert.ok(reductions > 0 && reductions < r.epochs.length, `${reductions} reductions`);
});
