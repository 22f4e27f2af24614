// examples/auto/clip_per_optimizer.ts: configureGradientClipping per optimizer, and Lightning's refusal
// when the Trainer's gradientClipVal and the value passed to clipGradients disagree.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../examples/auto/clip_per_optimizer.ts";

let r: Awaited<ReturnType<typeof main>>;
before(async () => { r = await main(); });

const within = (norm: number, bound: number) => norm <= bound * (1 + 1e-5);

test("auto/clip_per_optimizer: only A is clipped — A's norms respect the bound, B's are untouched", () => {
  const [a, b] = r.onlyA.norms;
  assert.ok(a.length > 0 && b.length === a.length);
  assert.ok(a.some((n) => n.before > r.clipVal * 2), "A's gradients did exceed the bound");
  for (const n of a) assert.ok(within(n.after, r.clipVal), `A ${n.before} → ${n.after}`);
  for (const n of b) assert.equal(n.after, n.before);
  assert.ok(b.some((n) => n.after > r.clipVal * 2), "B's gradients exceed twice the bound unclipped");
});

test("auto/clip_per_optimizer: A clipped at val, B at val × 2", () => {
  const [a, b] = r.bDoubled.norms;
  for (const n of a) assert.ok(within(n.after, r.clipVal), `A ${n.before} → ${n.after}`);
  for (const n of b) assert.ok(within(n.after, r.clipVal * 2), `B ${n.before} → ${n.after}`);
  assert.ok(b.some((n) => n.before > r.clipVal * 2 && n.after > r.clipVal * 1.9), "B was clipped at 2·val, not val");
  // gradients already inside their bound are left as they are
  for (const n of a) if (n.before < r.clipVal * 0.99) assert.equal(n.after, n.before);
  for (const n of b) if (n.before < r.clipVal * 2 * 0.99) assert.equal(n.after, n.before);
  assert.ok(r.bDoubled.lastLoss < r.bDoubled.firstLoss, `${r.bDoubled.firstLoss} → ${r.bDoubled.lastLoss}`);
});

test("auto/clip_per_optimizer: the guide's code with Trainer(gradientClipVal=0.5) raises Lightning's MisconfigurationException", () => {
  assert.ok(r.misconfiguration !== null, "no exception was raised");
  assert.equal(r.misconfiguration.name, "MisconfigurationException");
  assert.equal(
    r.misconfiguration.message,
    "You have set `Trainer(gradient_clip_val=0.5)` and have passed `clip_gradients(gradient_clip_val=1.0)`. Please use only one of them.",
  );
  // A (idx 0) was clipped with the Trainer's value on the first batch; B raised before any norm was recorded
  assert.equal(r.misconfiguration.normsBeforeError[0].length, 1);
  assert.equal(r.misconfiguration.normsBeforeError[1].length, 0);
});
