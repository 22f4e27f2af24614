// The generator in Chromium: the browser bundle draws torch's numbers for the fixture's seeds
// (rand, randn on both Box–Muller paths, randint, randperm, bernoulli, Linear's default init),
// as Node, Deno and Bun do (tests/random/*_vs_torch.test.ts).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { ensureDist, notOnNodeReason } from "../runtimes/support.ts";
import { CHROMIUM, withPage } from "../runtimes/chromium.ts";
import { fx, asInt32, bits } from "./helpers.ts";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);
if (!skip) before(ensureDist, { timeout: 300_000 });

const OPS = ["rand", "randn", "randint", "randperm", "bernoulli_scalar", "normal_"];

test("Chromium draws torch's numbers too", { skip: skip ?? false, timeout: 180_000 }, async () => {
  const cases = fx.cases.filter((c: any) => OPS.includes(c.op)).filter((_: unknown, i: number) => i % 3 === 0);
  const lin = fx.linear[1];
  await withPage("/dist/fulgur.browser.mjs", async (page, pageErrors) => {
    const got = await page.evaluate(`(async (cases, lin) => {
      const f = await import("/dist/fulgur.browser.mjs");
      await f.init();
      const out = cases.map((c) => {
        f.manualSeed(BigInt(c.seed));
        const n = c.shape.reduce((a, b) => a * b, 1);
        switch (c.op) {
          case "rand": return [...f.rand(c.shape).dataSync()];
          case "randn": return [...f.randn(c.shape).dataSync()];
          case "normal_": return [...f.zeros(c.shape).normal_(c.args[0], c.args[1]).dataSync()];
          case "randint": return [...f.randint(c.args[0], c.args[1], c.shape).value.dataSync()];
          case "randperm": return [...f.randperm(n).value.dataSync()];
          case "bernoulli_scalar": return [...f.bernoulliScalar(c.shape, c.args[0]).dataSync()];
        }
      });
      f.manualSeed(lin.seed);
      const l = new f.Linear(lin.in, lin.out);
      return { out, weight: [...l.weight.dataSync()], bias: [...l.bias.dataSync()] };
    })(${JSON.stringify(cases)}, ${JSON.stringify(lin)})`);
    cases.forEach((c: any, i: number) => {
      const what = `${c.op} seed=${c.seed} shape=[${c.shape}]`;
      if (c.op === "randint" || c.op === "randperm") assert.deepEqual(got.out[i], c.values.map(asInt32), what);
      else assert.deepEqual(bits(got.out[i]), bits(c.values), what);
    });
    assert.deepEqual(bits(got.weight), bits(lin.weight), "Linear weight");
    assert.deepEqual(bits(got.bias), bits(lin.biasValues), "Linear bias");
    // a plain-text page asks for a favicon: that 404 is not an error of the page
    assert.deepEqual(pageErrors.filter((e) => !/favicon/.test(e) && !/^Failed to load resource: .* 404 /.test(e)), []);
  });
});
