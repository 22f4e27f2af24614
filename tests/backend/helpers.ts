// Shared helpers for the backend tests: a seeded generator and cross-backend runs.
import * as tf from "@tensorflow/tfjs-core";
import assert from "node:assert/strict";

/** mulberry32: reproducible uniform floats in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, rand: () => number, lo = -3, hi = 3): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rand();
  return a;
}

export interface Result { shape: number[]; dtype: string; values: number[] }

/** Runs fn on the named backend and returns every output's shape, dtype and values. */
export async function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Result[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = fn();
    return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));
  });
}

/** Elementwise |a-b| <= atol + rtol·|b|, NaN equal to NaN, with a message naming the worst index. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) assert.fail(`${what}: index ${i}: got ${a}, expected ${e}`);
  }
}

/** Same shapes, dtypes and values (within tolerance) on fulgur-wasm as on cpu. */
export async function assertMatchesCpu(fn: () => tf.Tensor | tf.Tensor[], what: string, rtol = 1e-5, atol = 1e-6): Promise<void> {
  const want = await runOn("cpu", fn);
  const got = await runOn("fulgur-wasm", fn);
  assert.equal(got.length, want.length, `${what}: number of outputs`);
  for (let i = 0; i < want.length; i++) {
    assert.deepEqual(got[i].shape, want[i].shape, `${what}: shape of output ${i}`);
    assert.equal(got[i].dtype, want[i].dtype, `${what}: dtype of output ${i}`);
    assertClose(got[i].values, want[i].values, rtol, atol, `${what}[${i}]`);
  }
}
