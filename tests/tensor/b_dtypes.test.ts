// dtype promotion against torch 1.13 (fixtures/b_dtypes.json): the result dtype and values of
// binary ops over float / int / bool tensors and weak JS-number operands, of unary ops and
// reductions, and torch's refusals (bool subtraction, integer division by zero, ...).
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import fixture from "./fixtures/b_dtypes.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import { Tensor, type Operand } from "../../ts/autograd/index.ts";

const ops2: Record<string, (a: Operand, b: Operand) => Tensor> = {
  add: ops.add, sub: ops.sub, mul: ops.mul, div: ops.div, floorDivide: ops.floorDivide, remainder: ops.remainder,
  fmod: ops.fmod, pow: ops.pow, maximum: ops.maximum, eq: ops.eq, lt: ops.lt, ge: ops.ge,
  logicalAnd: ops.logicalAnd, logicalXor: ops.logicalXor,
};
const ops1: Record<string, (a: Tensor) => Tensor> = {
  sum: (a) => ops.sum(a), neg: ops.neg, abs: ops.abs, exp: ops.exp, sqrt: ops.sqrt, square: ops.square,
  floor: ops.floor, sign: ops.sign, cumsum0: (a) => ops.cumsum(a, 0), prod: (a) => ops.prod(a), sigmoid: ops.sigmoid,
  argmax: (a) => ops.argmax(a), amax: (a) => ops.amax(a), clampHalf: (a) => ops.clamp(a, 0.5), clamp1: (a) => ops.clamp(a, 1),
  mean: (a) => ops.mean(a), logicalNot: ops.logicalNot, isnan: ops.isnan,
};
// fulgur accepts a JS number where torch's logical ops want a tensor (nonzero is true)
const EXTENSIONS = new Set(["logicalAnd", "logicalXor"]);

/** The fixtures write NaN and ±Infinity as strings (JSON has no such numbers). */
const num = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const nums = (a: Array<number | string>): number[] => a.map(num);

function operand(key: string): Operand {
  const o = (fixture.operands as Record<string, unknown>)[key];
  if (typeof o === "number") return o;
  const data = o as number[];
  if (key === "f") return ag.tensor(data);
  const v = tf.tensor1d(data, "float32");
  return new Tensor(key === "b" ? tf.notEqual(v, 0) : tf.cast(v, "int32"));
}

for (const backend of BACKENDS) {
  describe(`dtype promotion vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const row of fixture.rows as any[]) {
      const name = row.b === undefined ? `${row.op}(${row.a})` : `${row.op}(${row.a}, ${row.b})`;
      test(name, () => ag.scope(() => {
        const run = () => (row.b === undefined ? ops1[row.op](operand(row.a) as Tensor) : ops2[row.op](operand(row.a), operand(row.b)));
        if (row.error !== undefined) {
          if (EXTENSIONS.has(row.op)) return;
          assert.throws(run, (e: Error) => {
            assert.equal(e.message, row.error);
            return true;
          });
          return;
        }
        const y = run();
        assert.equal(y.dtype, row.dtype, `${name}: dtype`);
        const expected = nums(row.data);
        const got = Array.from(y.dataSync());
        if (row.dtype !== "float32") assert.deepEqual(got, expected, name);
        else {
          // infinities must match exactly; the rest within float32 rounding
          expected.forEach((e, i) => { if (!Number.isFinite(e) && !Number.isNaN(e)) assert.equal(got[i], e, `${name}[${i}]`); });
          assertClose(got.map((g, i) => (Number.isFinite(expected[i]) || Number.isNaN(expected[i]) ? g : 0)),
            expected.map((e) => (Number.isFinite(e) || Number.isNaN(e) ? e : 0)), name, { rtol: 1e-5, atol: 1e-6 });
        }
      }));
    }
  });
}
