// The data-movement kernels (asm/kernels/movement) against @tensorflow/tfjs-backend-cpu on
// seeded random shapes up to rank 6, in float32, int32 and bool, with empty tensors,
// negative strides and index errors.
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { init } from "../../ts/index.node.ts";
import { assertMatchesCpu, randomArray, rng } from "./helpers.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";
import { tensorPtr } from "../../ts/backend/memory.ts";

before(async () => { await init(); });

const rand = rng(20261202);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const DTYPES = ["float32", "int32", "bool"] as const;
type DT = (typeof DTYPES)[number];

function data(n: number, dtype: DT): Float32Array | Int32Array | Uint8Array {
  if (dtype === "float32") return randomArray(n, rand, -5, 5);
  if (dtype === "int32") return Int32Array.from({ length: n }, () => int(-1000, 1000));
  return Uint8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0));
}
/** A factory making the same tensor on whichever backend is active. */
function t(shape: number[], dtype: DT = "float32"): () => tf.Tensor {
  const d = data(shape.reduce((a, b) => a * b, 1), dtype);
  return () => tf.tensor(d, shape, dtype);
}
function randShape(rank: number, maxDim = 5, allowZero = false): number[] {
  return Array.from({ length: rank }, () => int(allowZero && rand() < 0.1 ? 0 : 1, maxDim));
}
const topk = (x: tf.Tensor, k: number) => { const r = tf.topk(x, k); return [r.values, r.indices]; };
function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) { const j = int(0, i); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}

test("transpose: random ranks 1–6, every dtype, tiled 2-D sizes with ragged edges", async () => {
  for (let trial = 0; trial < 40; trial++) {
    const rank = int(1, 6), dtype = DTYPES[trial % 3];
    const shape = randShape(rank, rank > 4 ? 4 : 7, true), perm = shuffle([...shape.keys()]);
    const x = t(shape, dtype);
    await assertMatchesCpu(() => tf.transpose(x(), perm), `transpose ${dtype} [${shape}] perm [${perm}]`);
  }
  for (const [shape, perm] of [[[67, 131], [1, 0]], [[256, 256], [1, 0]], [[131, 197], [1, 0]], [[2, 66, 130], [0, 2, 1]], [[3, 37, 41], [0, 2, 1]], [[9, 10, 11], [2, 0, 1]],
    [[5, 6, 7, 8], [3, 1, 0, 2]], [[2, 33, 3, 17], [0, 3, 2, 1]]] as [number[], number[]][]) {
    for (const dtype of DTYPES) {
      const x = t(shape, dtype);
      await assertMatchesCpu(() => tf.transpose(x(), perm), `transpose ${dtype} [${shape}] perm [${perm}]`);
    }
  }
});

test("slice and stridedSlice (negative strides, masks) on random shapes", async () => {
  let skipped = 0;
  for (let trial = 0; trial < 40; trial++) {
    const rank = int(1, 6), dtype = DTYPES[trial % 3];
    const shape = randShape(rank, 6);
    const x = t(shape, dtype);
    const begin = shape.map((s) => int(0, s - 1)), size = shape.map((s, d) => (rand() < 0.2 ? -1 : int(0, s - begin[d])));
    await assertMatchesCpu(() => tf.slice(x(), begin, size), `slice ${dtype} [${shape}] ${begin} ${size}`);
    const strides = shape.map(() => (rand() < 0.5 ? -int(1, 3) : int(1, 3)));
    const b = shape.map((s) => int(-s, s - 1)), e = shape.map((s) => int(-s - 1, s));
    const bm = int(0, (1 << rank) - 1), em = int(0, (1 << rank) - 1);
    const run = () => tf.stridedSlice(x(), b, e, strides, bm, em);
    // tfjs-cpu throws on some empty ranges (negative slice sizes): compare where it answers
    try { await tf.setBackend("cpu"); tf.tidy(() => { run().dataSync(); }); } catch { skipped++; continue; }
    await assertMatchesCpu(run, `stridedSlice ${dtype} [${shape}] b=${b} e=${e} s=${strides} masks=${bm},${em}`);
  }
  assert.ok(skipped < 20, `too few stridedSlice cases compared (${skipped} of 40 skipped)`);
  // shrinking an axis together with negative strides (tfjs-cpu reads the wrong element here):
  // x[3, 3:-3:-3, ::-1, ::2] of arange(60).reshape(6, 5, 2, 1) is x[3, 3, 1, 0], x[3, 3, 0, 0]
  await tf.setBackend("fulgur-wasm");
  const r = tf.stridedSlice(tf.reshape(tf.range(0, 60), [6, 5, 2, 1]), [3, 3, 1, 0], [-5, -3, 1, -1], [1, -3, -1, 2], 4, 12, 0, 0, 1);
  assert.deepEqual(r.shape, [1, 2, 1]);
  assert.deepEqual(Array.from(r.dataSync()), [3 * 10 + 3 * 2 + 1, 3 * 10 + 3 * 2 + 0]);
  const x = t([4, 5, 6]);
  await assertMatchesCpu(() => tf.stridedSlice(x(), [3, 4, 5], [0, 0, 0], [-1, -2, -3]), "stridedSlice all negative");
  await assertMatchesCpu(() => tf.stridedSlice(x(), [0, 0], [4, 5], [1, 1], 0, 0, 0, 1), "stridedSlice newAxis");
  await assertMatchesCpu(() => tf.slice(x(), [1, 0, 0], [0, 5, 6]), "empty slice");
  await tf.setBackend("fulgur-wasm");
  assert.deepEqual(tf.stridedSlice(tf.ones([4, 3]), [3, 0], [1, 3], [1, 1]).shape, [0, 3], "an empty range gives an empty result");
});

test("concat, stack, unstack, split on random shapes (empty parts too)", async () => {
  for (let trial = 0; trial < 30; trial++) {
    const rank = int(1, 5), dtype = DTYPES[trial % 3];
    const base = randShape(rank, 5), axis = int(0, rank - 1);
    const parts = Array.from({ length: int(1, 4) }, () => {
      const s = base.slice();
      s[axis] = int(0, 4);
      return t(s, dtype);
    });
    await assertMatchesCpu(() => tf.concat(parts.map((p) => p()), axis - (rand() < 0.5 ? rank : 0)), `concat ${dtype} axis ${axis}`);
    const same = Array.from({ length: int(1, 4) }, () => t(base, dtype));
    const sAxis = int(0, rank);
    await assertMatchesCpu(() => tf.stack(same.map((p) => p()), sAxis), `stack ${dtype} [${base}] axis ${sAxis}`);
    const x = t(base, dtype);
    await assertMatchesCpu(() => tf.unstack(x(), axis), `unstack ${dtype} [${base}] axis ${axis}`);
    const cut = int(0, base[axis]);
    await assertMatchesCpu(() => tf.split(x(), [cut, base[axis] - cut], axis), `split ${dtype} [${base}] at ${cut} axis ${axis}`);
  }
});

test("gather (batchDims too), gatherND, scatterND; index errors name the index and size", async () => {
  for (let trial = 0; trial < 30; trial++) {
    const rank = int(1, 5), dtype = DTYPES[trial % 3];
    const shape = randShape(rank, 6), axis = int(0, rank - 1);
    const x = t(shape, dtype);
    const idxShape = randShape(int(1, 2), 4);
    const idx = Int32Array.from({ length: idxShape.reduce((a, b) => a * b, 1) }, () => int(0, shape[axis] - 1));
    await assertMatchesCpu(() => tf.gather(x(), tf.tensor(idx, idxShape, "int32"), axis), `gather ${dtype} [${shape}] axis ${axis}`);
  }
  const xb = t([3, 4, 5]);
  const ib = tf.tensor([[0, 3], [2, 2], [1, 0]], [3, 2], "int32").arraySync() as number[][];
  await assertMatchesCpu(() => tf.gather(xb(), tf.tensor(ib, [3, 2], "int32"), 1, 1), "gather batchDims 1");
  await assertMatchesCpu(() => tf.gather(xb(), tf.tensor([], [0], "int32"), 2), "gather no indices");
  await tf.setBackend("fulgur-wasm");
  assert.throws(() => tf.gather(tf.zeros([3, 4]), tf.tensor([1, 4], [2], "int32"), 1),
    (e: Error) => e.name === "IndexError" && /index 4 is out of bounds for dimension 1 with size 4/.test(e.message));
  assert.throws(() => tf.gather(tf.zeros([3, 4]), tf.tensor([-1], [1], "int32"), 0), /index -1 is out of bounds for dimension 0 with size 3/);

  for (const dtype of DTYPES) {
    const p = t([4, 3, 5], dtype);
    const ind = tf.tensor([[3, 1], [0, 2], [3, 1]], [3, 2], "int32").arraySync() as number[][];
    await assertMatchesCpu(() => tf.gatherND(p(), tf.tensor(ind, [3, 2], "int32")), `gatherND ${dtype}`);
    await assertMatchesCpu(() => tf.gatherND(p(), tf.tensor([[[1, 2, 4]], [[0, 0, 0]]], [2, 1, 3], "int32")), `gatherND full ${dtype}`);
  }
  await tf.setBackend("fulgur-wasm");
  assert.throws(() => tf.gatherND(tf.zeros([4, 3]), tf.tensor([[1, 3]], [1, 2], "int32")), /index 3 is out of bounds for dimension 1 with size 3/);
  for (const dtype of ["float32", "int32"] as const) {
    const u = t([5, 3], dtype);
    // duplicates sum in index order
    await assertMatchesCpu(() => tf.scatterND(tf.tensor([[1], [3], [1], [0], [1]], [5, 1], "int32"), u(), [4, 3]), `scatterND ${dtype}`);
    const u2 = t([3], dtype);
    await assertMatchesCpu(() => tf.scatterND(tf.tensor([[1, 2], [0, 0], [1, 2]], [3, 2], "int32"), u2(), [2, 3]), `scatterND elements ${dtype}`);
  }
  await tf.setBackend("fulgur-wasm");
  assert.throws(() => tf.scatterND(tf.tensor([[4]], [1, 1], "int32"), tf.ones([1, 2]), [4, 2]), /index 4 is out of bounds for dimension 0 with size 4/);
});

test("tile, broadcastTo, pad, mirrorPad, reverse on random shapes", async () => {
  for (let trial = 0; trial < 30; trial++) {
    const rank = int(1, 5), dtype = DTYPES[trial % 3];
    const shape = randShape(rank, 4, true);
    const x = t(shape, dtype);
    const reps = shape.map(() => int(0, 3));
    await assertMatchesCpu(() => tf.tile(x(), reps), `tile ${dtype} [${shape}] reps ${reps}`);
    const pads = shape.map(() => [int(0, 2), int(0, 2)] as [number, number]);
    await assertMatchesCpu(() => tf.pad(x(), pads, dtype === "bool" ? 1 : 7), `pad ${dtype} [${shape}] ${JSON.stringify(pads)}`);
    const axes = shuffle([...shape.keys()]).slice(0, int(0, rank));
    await assertMatchesCpu(() => tf.reverse(x(), axes), `reverse ${dtype} [${shape}] axes ${axes}`);
    const bshape = [int(1, 3), ...shape.map((s) => (s === 1 ? int(1, 3) : s))];
    const ones = t(shape.map((s) => (rand() < 0.5 ? 1 : s)), dtype);
    await assertMatchesCpu(() => tf.broadcastTo(ones(), bshape), `broadcastTo ${dtype} → [${bshape}]`);
  }
  for (let trial = 0; trial < 20; trial++) {
    const rank = int(1, 4), dtype = DTYPES[trial % 3];
    const shape = randShape(rank, 5).map((s) => s + 1);
    const mode = trial % 2 ? "reflect" : "symmetric";
    const pads = shape.map((s) => [int(0, s - (mode === "reflect" ? 1 : 0)), int(0, s - (mode === "reflect" ? 1 : 0))] as [number, number]);
    const x = t(shape, dtype);
    await assertMatchesCpu(() => tf.mirrorPad(x(), pads, mode), `mirrorPad ${mode} ${dtype} [${shape}] ${JSON.stringify(pads)}`);
  }
});

test("select (where) in every dtype, including a rank-1 condition", async () => {
  for (let trial = 0; trial < 15; trial++) {
    const dtype = DTYPES[trial % 3];
    const shape = randShape(int(1, 4), 9);
    const c = t(shape, "bool"), a = t(shape, dtype), b = t(shape, dtype);
    await assertMatchesCpu(() => tf.where(c(), a(), b()), `where ${dtype} [${shape}]`);
  }
  const a = t([4, 3]), b = t([4, 3]);
  await assertMatchesCpu(() => tf.where(tf.tensor([true, false, false, true], [4, 1], "bool"), a(), b()), "where broadcast condition");
});

test("cumsum (exclusive, reverse, every axis), topk, oneHot, fill, range, linspace, cast", async () => {
  for (let trial = 0; trial < 20; trial++) {
    const dtype = (["float32", "int32"] as const)[trial % 2];
    const shape = randShape(int(1, 4), 6);
    const x = t(shape, dtype), axis = int(0, shape.length - 1);
    const ex = rand() < 0.5, rev = rand() < 0.5;
    // float32: ours accumulates in float64 (as torch); cpu in float32
    await assertMatchesCpu(() => tf.cumsum(x(), axis, ex, rev), `cumsum ${dtype} [${shape}] axis ${axis} ex=${ex} rev=${rev}`, 1e-5, 1e-5);
  }
  const bx = t([3, 4], "bool");
  await assertMatchesCpu(() => tf.cumsum(bx(), 1), "cumsum bool");
  for (let trial = 0; trial < 10; trial++) {
    const shape = randShape(int(1, 3), 12);
    const n = shape[shape.length - 1];
    const x = t(shape, "float32"); // continuous values: no ties
    const k = int(0, n);
    await assertMatchesCpu(() => topk(x(), k), `topk [${shape}] k=${k}`);
    const xi = () => tf.tensor(Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7919) % 1013), shape, "int32");
    await assertMatchesCpu(() => topk(xi(), k), `topk int32 [${shape}] k=${k}`);
  }
  await assertMatchesCpu(() => tf.oneHot(tf.tensor([[0, 3], [-1, 2]], [2, 2], "int32"), 4, 5, -2), "oneHot 2d, out of range row");
  await assertMatchesCpu(() => tf.oneHot(tf.tensor([1, 0, 5], [3], "int32"), 3, 1, 0, "float32"), "oneHot float32");
  await assertMatchesCpu(() => [tf.fill([3, 2], 2.5), tf.fill([4], -7, "int32"), tf.fill([2, 2], 1, "bool"), tf.fill([0, 3], 1)], "fill");
  await assertMatchesCpu(() => [tf.range(0, 10, 3), tf.range(5, -1, -1.5), tf.range(0, 7, 2, "int32"), tf.range(3, 3)], "range");
  await assertMatchesCpu(() => [tf.linspace(0, 1, 5), tf.linspace(-3, 7, 1), tf.linspace(2, -2, 9)], "linspace", 1e-6, 1e-6);
  const specials = () => tf.tensor([0, -0, 1.7, -1.7, 2.5e9, -2.5e9, NaN, Infinity, -Infinity, 3e38]);
  for (const from of DTYPES) {
    const x = from === "float32" ? specials : t([11], from);
    for (const to of DTYPES) await assertMatchesCpu(() => tf.cast(x(), to), `cast ${from} → ${to}`);
  }
});

test("reductions: int32 exact beyond 2^24, bool all/any, argMax/argMin on int32", async () => {
  const big = () => tf.tensor([16777217, 16777219, 3, -16777217, 2, 16777218], [2, 3], "int32");
  for (const axis of [0, 1, undefined]) {
    await assertMatchesCpu(() => [tf.sum(big(), axis), tf.max(big(), axis), tf.min(big(), axis)], `int32 reductions axis ${axis}`);
  }
  await assertMatchesCpu(() => [tf.argMax(big(), 1), tf.argMin(big(), 1), tf.argMax(big(), 0)], "argMax/argMin int32");
  await assertMatchesCpu(() => tf.prod(tf.tensor([3, -4, 5, 7, 11, 13], [2, 3], "int32"), 1), "prod int32");
  for (let trial = 0; trial < 12; trial++) {
    const shape = randShape(int(1, 4), 5);
    const rank = shape.length;
    const b = t(shape, "bool");
    const axis = shuffle([...shape.keys()]).slice(0, int(1, rank));
    const keep = rand() < 0.5;
    await assertMatchesCpu(() => [tf.all(b(), axis, keep), tf.any(b(), axis, keep)], `all/any [${shape}] axes ${axis}`);
    const x = t(shape, "float32");
    await assertMatchesCpu(() => [tf.sum(x(), axis, keep), tf.mean(x(), axis, keep), tf.max(x(), axis, keep), tf.min(x(), axis, keep)],
      `f32 reductions [${shape}] axes ${axis}`, 1e-5, 1e-5);
  }
  await assertMatchesCpu(() => [tf.all(tf.tensor([true, true], [2], "bool")), tf.any(tf.zeros([2, 0], "bool"), 1)], "all/any edge");
  // max/min over rows long enough for the 8-wide path, with a NaN inside
  const row = randomArray(37 * 3, rand);
  row[50] = NaN;
  await assertMatchesCpu(() => [tf.max(tf.tensor(row, [3, 37]), 1), tf.min(tf.tensor(row, [3, 37]), 1)], "max/min 8-wide with NaN");
});

test("row reductions keep reduce_f32's bits (same per-row order, four rows at a time)", async () => {
  await tf.setBackend("fulgur-wasm");
  const w = fulgurWasm() as unknown as Record<string, (...a: number[]) => void>;
  for (const [rows, cols] of [[7, 1000], [4, 3], [1, 4097], [9, 0]]) {
    const x = tf.tensor(randomArray(rows * cols, rand, -1e3, 1e3), [rows, cols]);
    for (const op of [0, 1, 2, 3, 4]) {
      const viaKernel = tf.tidy(() => {
        const r = [tf.sum, tf.mean, tf.max, tf.min, tf.prod][op](op >= 2 && cols === 0 ? tf.ones([rows, 1]) : x, 1);
        return Array.from(r.dataSync());
      });
      if (op >= 2 && cols === 0) continue;
      const out = tf.zeros([rows]);
      w.reduce_f32(op, tensorPtr(x), tensorPtr(out), rows, cols);
      const ref = Array.from(out.dataSync());
      assert.deepEqual(viaKernel.map((v) => Object.is(v, -0) ? "-0" : v), ref.map((v) => Object.is(v, -0) ? "-0" : v),
        `op ${op} on [${rows}, ${cols}]`);
      out.dispose();
    }
    x.dispose();
  }
});

test("empty tensors go through every movement kernel", async () => {
  const e = () => tf.zeros([0, 3]), ei = () => tf.zeros([2, 0], "int32"), eb = () => tf.zeros([0, 4], "bool");
  await assertMatchesCpu(() => [tf.transpose(e()), tf.transpose(ei()), tf.transpose(eb())], "transpose");
  await assertMatchesCpu(() => [tf.concat([e(), e()], 0), tf.concat([ei(), ei()], 1), tf.stack([e(), e()], 1)], "concat/stack");
  await assertMatchesCpu(() => [tf.tile(e(), [3, 2]), tf.pad(e(), [[1, 1], [0, 1]], 2), tf.reverse(e(), [0, 1])], "tile/pad/reverse");
  await assertMatchesCpu(() => [tf.slice(e(), [0, 1], [0, 2]), tf.gather(e(), tf.tensor([2, 0], [2], "int32"), 1)], "slice/gather");
  await assertMatchesCpu(() => [tf.cumsum(e(), 1), tf.cumsum(ei(), 1), tf.where(eb(), eb(), eb())], "cumsum/where");
  await assertMatchesCpu(() => [tf.sum(e(), 0), tf.sum(e(), 1), tf.max(e(), 1), tf.all(eb(), 1), tf.any(eb(), 0)], "reductions");
  await assertMatchesCpu(() => tf.oneHot(tf.tensor([], [0], "int32"), 4), "oneHot");
  await assertMatchesCpu(() => tf.cast(e(), "int32"), "cast");
  await tf.setBackend("fulgur-wasm");
  const r = tf.topk(tf.zeros([0, 5]), 2);
  assert.deepEqual([r.values.shape, r.indices.shape], [[0, 2], [0, 2]]);
  assert.throws(() => tf.max(tf.zeros([2, 0]), 1), /cannot reduce over a dimension of size 0/);
  // torch.all over nothing is True (tfjs-cpu answers false here), torch.any False
  assert.deepEqual(Array.from(tf.all(tf.zeros([0, 2], "bool"), 0).dataSync()), [1, 1]);
  assert.deepEqual(Array.from(tf.any(tf.zeros([0, 2], "bool"), 0).dataSync()), [0, 0]);
});
