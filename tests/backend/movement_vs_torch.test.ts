// Semantics the data-movement kernels copy from torch 1.13 (fixtures/gen_movement.py):
// cumsum accumulates float32 in float64 (bit for bit), topk / sort order is stable with NaN
// largest, linspace follows torch's CPU kernel bit for bit.
import * as tf from "@tensorflow/tfjs-core";
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { init } from "../../ts/index.node.ts";
import data from "./fixtures/movement_torch.json" with { type: "json" };

before(async () => { await init(); await tf.setBackend("fulgur-wasm"); });

type Num = number | string;
const num = (v: Num): number => (typeof v === "string" ? Number(v.replace("inf", "Infinity")) : v);
const f32 = (xs: Num[]) => Float32Array.from(xs.map(num));

/** Bit-exact equality (NaN equals NaN, -0 differs from +0). */
function assertSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: index ${i}: got ${actual[i]}, torch ${expected[i]}`);
  }
}

test("cumsum is torch's: float32 accumulated in float64, bit for bit; int32 exact", () => {
  for (const c of data.cumsum) {
    const x = c.dtype === "float32" ? tf.tensor(f32(c.x), c.shape) : tf.tensor(Int32Array.from(c.x.map(num)), c.shape, "int32");
    const want = c.dtype === "float32" ? f32(c.out) : Int32Array.from(c.out.map(num));
    assertSameBits(tf.cumsum(x, c.dim).dataSync(), want, `cumsum ${c.dtype} [${c.shape}] dim ${c.dim}`);
    // float32 accumulation would differ here (the fixture mixes magnitudes 1e-3 to 1e8)
    if (c.dtype === "float32") {
      const seq = new Float32Array(want.length);
      const xs = f32(c.x), [outer, n, inner] = [c.shape.slice(0, c.dim).reduce((a, b) => a * b, 1), c.shape[c.dim],
        c.shape.slice(c.dim + 1).reduce((a, b) => a * b, 1)];
      for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) { const p = (o * n + i) * inner + j; acc = Math.fround(acc + xs[p]); seq[p] = acc; }
      }
      assert.ok(seq.some((v, i) => !Object.is(v, want[i])), "the fixture must tell float32 from float64 accumulation");
    }
  }
});

test("topk: largest first, NaN above +Infinity, equal values in index order (torch's stable sort)", () => {
  for (const c of data.topk) {
    const x = c.dtype === "float32" ? tf.tensor(f32(c.x), c.shape) : tf.tensor(Int32Array.from(c.x.map(num)), c.shape, "int32");
    const { values, indices } = tf.topk(x, c.k);
    const wantV = c.dtype === "float32" ? f32(c.values) : Int32Array.from(c.values.map(num));
    assertSameBits(values.dataSync(), wantV, `topk values ${c.dtype} [${c.shape}] k=${c.k}`);
    assert.deepEqual(Array.from(indices.dataSync()), c.indices.map(num), `topk indices ${c.dtype} [${c.shape}] k=${c.k}`);
  }
});

test("linspace follows torch's formula (both ends exact)", () => {
  for (const c of data.linspace) {
    assertSameBits(tf.linspace(c.start, c.end, c.n).dataSync(), f32(c.out), `linspace(${c.start}, ${c.end}, ${c.n})`);
  }
});
