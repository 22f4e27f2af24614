// torch 1.13's CPU generator, bit for bit: every op of fixtures/random.json (several seeds and
// sizes: 1, 2, 15, 16, 17, 33, 100 — below, at and around the 16-element Box–Muller blocks)
// against torch's numbers. The same file runs under Node, Deno and Bun: equal fixtures there
// prove the generator gives identical numbers on every runtime.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import {
  manualSeed, rand, randn, randint, randperm, bernoulli, normal, tensor, zeros, noGrad, Generator, initialSeed,
  defaultGenerator,
} from "../../ts/index.ts";
import { fx, bits, checkCase } from "./helpers.ts";

before(async () => { await init(); });

describe("torch's CPU generator, bit for bit", () => {
  const groups = new Map<string, any[]>();
  for (const c of fx.cases) groups.set(c.op, [...(groups.get(c.op) ?? []), c]);
  for (const [op, cases] of groups) {
    test(`${op} (${cases.length} seeds × shapes)`, () => {
      for (const c of cases) checkCase(c);
    });
  }
});

test("randn's scalar path caches its second Box–Muller sample; manualSeed clears it", () => {
  manualSeed(7);
  const got = [randn([3]), randn([1]), randn([20]), randn([5]), rand([4]), randn([1])].map((t) => [...t.dataSync()]);
  manualSeed(7);
  got.push([...randn([1]).dataSync()]);
  assert.deepEqual(got.map(bits), fx.sequence.map(bits));
});

test("a Generator object: its own stream, torch.Generator's default seed", () => {
  const g = new Generator().manualSeed(fx.generator.seed);
  assert.deepEqual(bits(rand([5], { generator: g }).dataSync()), bits(fx.generator.rand));
  assert.deepEqual(bits(randn([18], { generator: g }).dataSync()), bits(fx.generator.randn));
  assert.deepEqual([...randperm(9, { generator: g }).value.dataSync()], fx.generator.randperm);
  assert.equal(g.initialSeed(), fx.generator.initial_seed);
  assert.equal(new Generator().initialSeedBigInt().toString(), fx.default_initial_seed);
  manualSeed(5);
  assert.equal(initialSeed(), 5);
  assert.equal(defaultGenerator.initialSeed(), 5);
});

test("torch.normal's four forms", () => {
  const n = fx.normal;
  const m = tensor(n.mean), s = tensor(n.std);
  manualSeed(11); assert.deepEqual(bits(normal(m, s).dataSync()), bits(n.tt), "normal(Tensor, Tensor)");
  manualSeed(11); assert.deepEqual(bits(normal(1.5, s).dataSync()), bits(n.st), "normal(float, Tensor)");
  manualSeed(11); assert.deepEqual(bits(normal(m, 0.25).dataSync()), bits(n.ts), "normal(Tensor, float)");
  manualSeed(11);
  const ss = normal(2.0, 3.0, [2, 9]);
  assert.deepEqual(ss.shape, [2, 9]);
  assert.deepEqual(bits(ss.dataSync()), bits(n.ss), "normal(float, float, size)");
});

test("in-place fills follow torch's in-place rule: refused on a leaf that requires grad, fine under noGrad", () => {
  const w = zeros([3], { requiresGrad: true });
  assert.throws(() => w.uniform_(), /a leaf Variable that requires grad is being used in an in-place operation/);
  assert.throws(() => w.normal_(), /in-place operation/);
  manualSeed(0);
  noGrad(() => w.uniform_(-1, 1));
  manualSeed(0);
  assert.deepEqual(bits(w.dataSync()), bits(zeros([3]).uniform_(-1, 1).dataSync()));
  assert.equal(w.requiresGrad, true);
});

test("bad arguments get torch's errors", () => {
  assert.throws(() => zeros([2]).uniform_(1, 0), /uniform_ expects to return a \[from, to\) range, but found from=1 > to=0/);
  assert.throws(() => zeros([2]).normal_(0, -1), /normal expects std >= 0.0, but found std -1/);
  assert.throws(() => randint(5, 5, [2]), /random_ expects 'from' to be less than 'to', but got from=5 >= to=5/);
  assert.throws(() => zeros([2]).bernoulli_(1.5), /bernoulli_ expects p to be in \[0, 1\], but got p=1.5/);
  assert.throws(() => bernoulli(tensor([0.5, 2])), /p_in >= 0 && p_in <= 1/);
  assert.throws(() => rand([2, -1]), /negative dimension -1/);
  assert.throws(() => randint(0, 3, [2]).uniform_(), /"uniform_kernel_cpu" not implemented for 'Long'/);
  assert.throws(() => manualSeed(2 ** 64 as number), /seed/);
  assert.throws(() => manualSeed(1.5), /integer seed/);
});

test("randint(high, size) overload, dtype and requiresGrad options", () => {
  manualSeed(3);
  const a = [...randint(10, [10]).value.dataSync()];
  manualSeed(3);
  assert.deepEqual([...randint(0, 10, [10]).value.dataSync()], a);
  assert.equal(randint(0, 10, [2]).dtype, "int32");
  const r = rand([2, 2], { requiresGrad: true });
  assert.equal(r.requiresGrad, true);
  assert.throws(() => rand([2], { dtype: "int32" }), /not implemented for 'Long'/);
});
