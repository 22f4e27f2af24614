// examples/manual/lbfgs_closure.ts: LBFGS driven through a closure in manual optimization.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/lbfgs_closure.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

test("manual/lbfgs_closure: LBFGS solves the least-squares problem", () => {
  assert.ok(r.finalLoss < 1e-3 && r.finalLoss < r.stepLosses[0] * 1e-4, `${r.stepLosses[0]} → ${r.finalLoss}`);
});

test("manual/lbfgs_closure: the closure runs several times within one opt.step(), which is one global step", () => {
  assert.ok(r.closureCalls[0] > 1, `closure calls ${r.closureCalls}`);
  assert.equal(r.globalStep, 3);
  assert.equal(r.stepLosses.length, 3);
});
