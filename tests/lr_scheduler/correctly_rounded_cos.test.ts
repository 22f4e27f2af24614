// correctlyRoundedCos against mpmath (the exact answer) and against glibc's math.cos (what
// torch used when the scheduler fixtures were recorded), on scheduler-shaped and random
// arguments (fixtures/gen_cos.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { correctlyRoundedCos } from "../../ts/optim/lr_scheduler/correctly_rounded_cos.ts";
import { ulpDistance } from "./helpers.ts";
import data from "./fixtures/cos_values.json" with { type: "json" };

const triples = (data as unknown as { triples: [number, number, number][] }).triples;

test("cos is correctly rounded on every recorded argument", () => {
  for (const [x, , exact] of triples) {
    const v = correctlyRoundedCos(x);
    if (!Object.is(v, exact)) assert.fail(`cos(${x}) = ${v}, correctly rounded ${exact} (${ulpDistance(v, exact)} ulp)`);
  }
});

test("cos agrees with glibc except where glibc itself is not correctly rounded (then by 1 ulp)", () => {
  let differ = 0;
  for (const [x, glibc, exact] of triples) {
    const v = correctlyRoundedCos(x);
    if (Object.is(v, glibc)) continue;
    differ++;
    assert.notEqual(glibc, exact, `cos(${x}): glibc ${glibc} is correctly rounded but we gave ${v}`);
    assert.equal(ulpDistance(v, glibc), 1, `cos(${x}) vs glibc`);
  }
  // glibc 2.36's cos is within ~0.5 ulp: a handful of near-midpoint arguments in 6k
  assert.ok(differ < triples.length / 500, `${differ} of ${triples.length} differ from glibc`);
});

test("cos of special values", () => {
  assert.equal(correctlyRoundedCos(0), 1);
  assert.equal(correctlyRoundedCos(-0), 1);
  assert.ok(Number.isNaN(correctlyRoundedCos(NaN)));
  assert.ok(Number.isNaN(correctlyRoundedCos(Infinity)));
  assert.equal(correctlyRoundedCos(Math.PI), -1);
});
