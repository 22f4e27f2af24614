// seedEverything is Lightning 1.9.5's seed_everything over torch's generator: it seeds the
// global generator, returns the seed, and replaces a seed outside numpy's uint32 range (or none)
// by a random one with Lightning's warning.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { seedEverything, manualSeed, rand, initialSeed, setWarningSink } from "../../ts/index.ts";
import { bits } from "./helpers.ts";

before(async () => { await init(); });

test("seedEverything(s) seeds the global generator as manualSeed(s) and returns s", () => {
  assert.equal(seedEverything(42), 42);
  const a = bits(rand([5]).dataSync());
  manualSeed(42);
  assert.deepEqual(bits(rand([5]).dataSync()), a);
  assert.equal(seedEverything(4294967295), 4294967295);
  assert.equal(initialSeed(), 4294967295);
});

test("out-of-range or missing seeds: Lightning's warnings, a random seed in [0, 2^32 - 1]", () => {
  const warnings: string[] = [];
  const prev = setWarningSink((m) => warnings.push(m));
  try {
    const s = seedEverything(-1);
    assert.ok(Number.isInteger(s) && s >= 0 && s <= 4294967295);
    assert.equal(initialSeed(), s);
    const t = seedEverything(2 ** 32);
    assert.ok(t >= 0 && t <= 4294967295);
    const u = seedEverything();
    assert.ok(u >= 0 && u <= 4294967295);
    assert.deepEqual(warnings.slice(0, 2), [
      "-1 is not in bounds, numpy accepts from 0 to 4294967295",
      "4294967296 is not in bounds, numpy accepts from 0 to 4294967295",
    ]);
    assert.match(warnings[2], /^No seed found, seed set to \d+$/);
  } finally {
    setWarningSink(prev);
  }
});
