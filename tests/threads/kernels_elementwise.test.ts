// Elementwise, broadcast, softmax and reduction kernels give the same bits on 1, 2 and 3 threads,
// on shapes under their split thresholds (calling thread only) and over them (split across the
// pool, checked through the pool's dispatch counts); long single rows are reduced in fixed chunks
// whatever the thread count, checked against the chunked float64 sum written out here.
import * as tf from "@tensorflow/tfjs-core";
import { test } from "node:test";
import assert from "node:assert/strict";
import { digest, useThreads } from "./helpers.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { manualSeed, randn } from "../../ts/index.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";
import { elementwiseThresholds } from "../../ts/backend/threads/split_kernels.ts";

// Over every family's default threshold ([300, 257] = 77 100 elements), and under all of them.
const BIG: [number, number] = [300, 257];
const SMALL: [number, number] = [13, 29];

type Case = [string, (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor | tf.Tensor[]];
const CASES: Case[] = [
  ["add", (x, y) => tf.add(x, y)],
  ["sub row-broadcast", (x, y) => tf.sub(x, tf.slice(y, [0, 0], [1, -1]))],
  ["mul column-broadcast", (x, y) => tf.mul(tf.slice(x, [0, 0], [-1, 1]), y)],
  ["div scalar", (x) => tf.div(x, tf.scalar(3))],
  ["maximum/minimum", (x, y) => [tf.maximum(x, y), tf.minimum(x, y)]],
  // wasm leaves a NaN result's sign open: the 4-lane and the scalar max may differ in it
  ["maximum/minimum with NaN", (x, y) => {
    // NaN beside positive and negative partners (the 4-lane max's NaN sign depends on both)
    const xn = tf.where(tf.greater(x, 0.3), tf.fill(x.shape, NaN), x), yn = tf.where(tf.less(y, -0.3), tf.fill(y.shape, NaN), y);
    return [tf.maximum(xn, yn), tf.minimum(yn, xn), tf.maximum(xn, tf.slice(y, [0, 0], [1, -1]))];
  }],
  ["pow", (x, y) => tf.pow(tf.abs(x), y)],
  ["squared difference", (x, y) => tf.squaredDifference(x, y)],
  ["compare", (x, y) => [tf.greater(x, y), tf.lessEqual(x, tf.slice(y, [0, 0], [1, -1]))]],
  ["relu and its gradient", (x, y) => [tf.relu(x), tf.engine().runKernel("FulgurReluBackward", { dy: y, y: tf.relu(x) }) as tf.Tensor]],
  ["cheap unary", (x) => [tf.relu(x), tf.neg(x), tf.abs(x), tf.sqrt(tf.abs(x)), tf.clipByValue(x, -0.5, 0.5), tf.round(x)]],
  ["transcendental unary", (x) => [tf.exp(x), tf.tanh(x), tf.sigmoid(x), tf.erf(x), tf.log(tf.abs(x)), tf.sin(x)]],
  ["trig and atan2", (x, y) => [tf.tan(x), tf.atan(x), tf.atan2(x, y)]],
  ["row reductions", (x) => [tf.sum(x, 1), tf.mean(x, 1), tf.max(x, 1), tf.min(x, 1), tf.prod(tf.add(1, tf.mul(x, 1e-3)), 1)]],
  ["column reductions", (x) => [tf.sum(x, 0), tf.mean(x, 0), tf.max(x, 0)]],
  ["whole-tensor reductions", (x) => [tf.sum(x), tf.mean(x), tf.max(x), tf.min(x), tf.prod(tf.add(1, tf.mul(x, 1e-4)))]],
  ["argmax/argmin", (x) => [tf.argMax(x, 1), tf.argMin(x, 1), tf.argMax(x, 0)]],
  ["int32 sum", (x) => tf.sum(tf.cast(tf.mul(x, 100), "int32"), 1)],
  ["softmax", (x) => [tf.softmax(x), tf.logSoftmax(x)]],
];

function bits(t: tf.Tensor): string {
  const d = t.dataSync();
  return d instanceof Float32Array ? digest(d) : digest(new Float32Array(Float64Array.from(d)));
}

function runCases(shape: [number, number]): Record<string, string[]> {
  manualSeed(21);
  const x = randn(shape).value as tf.Tensor2D, y = randn(shape).value as tf.Tensor2D;
  const out: Record<string, string[]> = {};
  for (const [name, f] of CASES) {
    out[name] = tf.tidy(() => {
      const r = f(x, y);
      return (Array.isArray(r) ? r : [r]).map(bits);
    });
  }
  tf.dispose([x, y]);
  return out;
}

const FAMILIES = ["binary_range_f32", "compare_range_f32", "unary_f32", "relu_f32", "relu_backward_f32", "trig_f32", "atan2_f32", "reduce_rows_f32", "reduce_cols_f32",
  "reduce_chunks_f32", "reduce_rows_i32", "argreduce_f32", "softmax_f32"];

test("elementwise, softmax and reduction kernels are bit-identical on 1, 2 and 3 threads", { timeout: 300_000 }, async () => {
  const runs: Record<number, Record<string, Record<string, string[]>>> = {};
  for (const n of [1, 2, 3]) {
    assert.equal(await useThreads(n), n);
    const before = { ...(fulgurThreadPool()?.dispatched ?? {}) };
    runs[n] = { small: runCases(SMALL) };
    if (n > 1) {
      const after = fulgurThreadPool()!.dispatched;
      for (const k of FAMILIES) assert.equal(after[k] ?? 0, before[k] ?? 0, `${k} split on a [${SMALL}] tensor (under its threshold)`);
    }
    runs[n].big = runCases(BIG);
    if (n > 1) {
      const after = fulgurThreadPool()!.dispatched;
      for (const k of FAMILIES) assert.ok((after[k] ?? 0) > (before[k] ?? 0), `${k} was never split across the pool on [${BIG}]`);
    }
  }
  for (const n of [2, 3]) {
    for (const size of ["small", "big"]) {
      for (const [name] of CASES) assert.deepEqual(runs[n][size][name], runs[1][size][name], `${name} [${size}]: ${n} threads differ from 1`);
    }
  }
  await useThreads(1);
});

test("a long row is summed in fixed chunks of 8192 (float64, chunk order) on every thread count", { timeout: 300_000 }, async () => {
  manualSeed(4);
  const n = 200_003;
  const x = randn([n]).value;
  const v = x.dataSync();
  // the kernel's rule: rows of 65536 or more → chunks of 8192, each summed from 0 in float64
  let total = 0;
  for (let c = 0; c < n; c += 8192) {
    let s = 0;
    for (let i = c; i < Math.min(n, c + 8192); i++) s += v[i];
    total += s;
  }
  const expected = [Math.fround(total), Math.fround(total / n)];
  for (const threads of [1, 2, 3]) {
    assert.equal(await useThreads(threads), threads);
    const got = [tf.sum(x), tf.mean(x)].map((t) => { const r = t.dataSync()[0]; t.dispose(); return r; });
    assert.deepEqual(got, expected, `${threads} thread(s)`);
  }
  x.dispose();
  await useThreads(1);
});

// One thread's kernels give an element the same bits from their 4-lane SIMD bodies as from their
// scalar tails, so a unary piece may start at any multiple of 4: every unary op over special
// values, once as one call (SIMD for all but the last 3) and once element by element (scalar).
// Clip and binary max/min are the exceptions (a NaN's sign), which is why pieces keep one thread's groups.
const CLIP = 18; // UnaryOp.Clip

test("unary kernels: SIMD body and scalar tail give the same bits", () => {
  const w = fulgurWasm() as unknown as Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };
  const specials = [0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 3.5, 6, 7, -7, 1e-40, -1e-40, 3e38, -3e38, Infinity, -Infinity, NaN, 0.1, -0.3, 20.5, 1.5];
  const n = specials.length; // 23 = 5 × 4 + 3
  const x = w.alloc(n * 4) >>> 0, one = w.alloc(n * 4) >>> 0, all = w.alloc(n * 4) >>> 0;
  const bitsOf = (p: number) => Array.from(new Uint32Array(w.memory.buffer, p, n));
  try {
    new Float32Array(w.memory.buffer, x, n).set(specials);
    for (let op = 0; op <= 25; op++) {
      if (op === CLIP) continue; // 4-lane min/max: a NaN's sign may differ from the scalar path (JavaScriptCore)
      w.unary_f32(op, x, all, n, 0.25, 0.75);
      for (let i = 0; i < n; i++) w.unary_f32(op, x + 4 * i, one + 4 * i, 1, 0.25, 0.75);
      assert.deepEqual(bitsOf(all), bitsOf(one), `unary op ${op}`);
    }
  } finally {
    for (const p of [x, one, all]) w.dealloc(p);
  }
});

test("max/min with NaN operands: pieces keep one thread's 4-lane groups in rows of odd length", { timeout: 300_000 }, async () => {
  const saved = elementwiseThresholds.binary;
  elementwiseThresholds.binary = 0; // split even these 46 elements
  try {
    const a = Array.from({ length: 46 }, (_, i) => [0.5, NaN, -1, NaN, 2][i % 5]);
    const b = Array.from({ length: 23 }, (_, i) => [NaN, 0.5, NaN, -3][i % 4]);
    const runs: number[][] = [];
    for (const n of [1, 2, 3]) {
      assert.equal(await useThreads(n), n);
      const before = fulgurThreadPool()?.dispatched.binary_range_f32 ?? 0;
      const r = tf.tidy(() => {
        // b broadcast over a's rows: the walk keeps rows of 23 (equal shapes would merge into one row)
        const x = tf.tensor(a, [2, 23]), y = tf.tensor(b, [23]);
        return [tf.maximum(x, y), tf.minimum(x, y)].flatMap((t) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer)));
      });
      if (n > 1) assert.equal(fulgurThreadPool()!.dispatched.binary_range_f32, before + 2);
      runs.push(r);
    }
    assert.deepEqual(runs[1], runs[0]);
    assert.deepEqual(runs[2], runs[0]);
  } finally {
    elementwiseThresholds.binary = saved;
    await useThreads(1);
  }
});

test("leading-axis reductions (no transpose) keep the bits of the transposed row reductions", () => {
  manualSeed(8);
  for (const shape of [[300, 257], [7, 5, 9], [3, 2]]) {
    const x = randn(shape).value;
    for (const axes of [[0], [0, 1]].filter((a) => a.length < shape.length)) {
      const perm = [...shape.keys()].filter((d) => !axes.includes(d)).concat(axes);
      const got = tf.tidy(() => [tf.sum, tf.mean, tf.max, tf.min, tf.prod].map((f) => bits(f(x, axes))));
      const want = tf.tidy(() => {
        const xt = tf.transpose(x, perm), inner = axes.map((_, i) => shape.length - axes.length + i);
        return [tf.sum, tf.mean, tf.max, tf.min, tf.prod].map((f) => bits(f(xt, inner)));
      });
      assert.deepEqual(got, want, `[${shape}] over ${axes}`);
    }
    x.dispose();
  }
});
