// torch.multinomial after a seed gives torch 1.13's indices (fast path without replacement or for
// one sample; the cumulative-distribution path with replacement), and leaves the generator where
// torch leaves it (the draws after it match too).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { manualSeed, multinomial, rand, tensor } from "../../ts/index.ts";
import fixture from "./fixtures/multinomial.json" with { type: "json" };

before(async () => { await init(); });

test("multinomial draws torch's samples for the same seed", () => {
  const fx = fixture as any;
  assert.ok(fx.cases.length >= 40);
  for (const c of fx.cases) {
    manualSeed(BigInt(c.seed));
    const out = multinomial(tensor(c.probs, { dtype: "float32" }), c.n, { replacement: c.replacement });
    const what = `seed ${c.seed}, n ${c.n}, replacement ${c.replacement}, probs ${JSON.stringify(c.probs).slice(0, 40)}`;
    assert.equal(out.dtype, "int32", what);
    assert.deepEqual(out.tolist(), c.out, what);
    assert.deepEqual([...rand([3]).dataSync()], c.after.map(Math.fround), `${what}: generator position`);
  }
});

test("multinomial refuses what torch refuses", () => {
  assert.throws(() => multinomial(tensor([0.5, 0.5], { dtype: "float32" }), 3), /cannot sample n_sample > prob_dist.size\(-1\) samples without replacement/);
  assert.throws(() => multinomial(tensor([0, 0], { dtype: "float32" }), 1), /sum of probabilities <= 0/);
  assert.throws(() => multinomial(tensor([-1, 2], { dtype: "float32" }), 1), /element < 0/);
  assert.throws(() => multinomial(tensor([0.5, 0.5], { dtype: "float32" }), 0), /n_sample <= 0/);
});

test("Tensor.multinomial is the same draw", () => {
  manualSeed(5);
  const a = tensor([[0.1, 0.9, 0.5], [1, 1, 1]], { dtype: "float32" }).multinomial(6, { replacement: true }).tolist();
  manualSeed(5);
  const b = multinomial(tensor([[0.1, 0.9, 0.5], [1, 1, 1]], { dtype: "float32" }), 6, { replacement: true }).tolist();
  assert.deepEqual(a, b);
});
