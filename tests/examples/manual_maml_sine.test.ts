// examples/manual/maml_sine.ts at CI size: second-order MAML (inner SGD with createGraph, outer
// Adam through manualBackward) adapts to a new sine task better than the same network trained on
// all tasks jointly and adapted with the same inner steps.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/manual/maml_sine.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main({ metaSteps: 300, tasksPerStep: 4, innerLr: 0.05, outerLr: 3e-3 }); });

test("manual/maml_sine: the meta-loss is finite and the post-adaptation loss falls", () => {
  for (const l of r.maml.metaLosses) assert.ok(Number.isFinite(l), `meta-loss ${l}`);
  assert.equal(r.maml.metaLosses.length, 300);
  assert.ok(r.maml.after < 0.8 * r.maml.before, `${r.maml.before} → ${r.maml.after}`);
});

test("manual/maml_sine: MAML adapts better than the jointly trained baseline", () => {
  assert.ok(r.maml.after < 0.7 * r.baseline.after, `MAML ${r.maml.after} vs baseline ${r.baseline.after}`);
});
