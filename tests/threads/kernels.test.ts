// Pool kernels give the same bits on 1, 2 and 3 threads: matmul (row blocks, batches, every
// transpose combination) and the fused Adam / SGD updates.
import * as tf from "@tensorflow/tfjs-core";
import { test } from "node:test";
import assert from "node:assert/strict";
import { digest, useThreads } from "./helpers.ts";
import { fulgurThreads, fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { manualSeed, randn } from "../../ts/index.ts";
import { Parameter } from "../../ts/autograd/index.ts";
import { Adam, AdamW, SGD } from "../../ts/optim/index.ts";

// Bun's default 5 s per test is too short on a loaded 2-core machine.
const SLOW = { timeout: 120_000 };

function matmulCases(): string[] {
  manualSeed(7);
  const out: string[] = [];
  const shapes: [number[], number[], boolean, boolean][] = [
    [[333, 129], [129, 77], false, false],
    [[129, 333], [129, 77], true, false],
    [[333, 129], [77, 129], false, true],
    [[129, 333], [77, 129], true, true],
    [[5, 70, 64], [5, 64, 90], false, false],
    [[5, 64, 70], [1, 64, 90], true, false],
    [[256, 1024], [1024, 3], false, false],
    // 26 panels: split by output columns on 2 and 3 threads, the last panel 3 wide
    [[70, 50], [203, 50], false, true],
  ];
  for (const [sa, sb, ta, tb] of shapes) {
    const a = randn(sa).value, b = randn(sb).value;
    const c = tf.matMul(a, b, ta, tb);
    out.push(digest(c.dataSync() as Float32Array));
    tf.dispose([a, b, c]);
  }
  return out;
}

test("matmul is bit-identical on 1, 2 and 3 threads", SLOW, async () => {
  const runs: Record<number, string[]> = {};
  for (const n of [1, 2, 3]) {
    const got = await useThreads(n);
    assert.equal(got, n, `asked for ${n} threads, running ${got}`);
    assert.equal(fulgurThreads(), n);
    runs[n] = matmulCases();
    if (n > 1) {
      const d = fulgurThreadPool()!.dispatched;
      assert.equal((d.matmul_f32 ?? 0) + (d.matmul_f32_cols ?? 0), 8, "every case was split across the pool");
      assert.ok((d.matmul_f32 ?? 0) > 0 && (d.matmul_f32_cols ?? 0) > 0, `split by rows and by columns: ${JSON.stringify(d)}`);
    }
  }
  assert.deepEqual(runs[2], runs[1]);
  assert.deepEqual(runs[3], runs[1]);
  // and the values are right: one case against a plain float64 product
  manualSeed(3);
  const a = randn([130, 40]), b = randn([40, 9]);
  const c = tf.matMul(a.value, b.value).dataSync();
  const av = a.value.dataSync(), bv = b.value.dataSync();
  for (let i = 0; i < 130; i += 13) for (let j = 0; j < 9; j++) {
    let s = 0;
    for (let k = 0; k < 40; k++) s += av[i * 40 + k] * bv[k * 9 + j];
    assert.ok(Math.abs(c[i * 9 + j] - s) < 1e-4, `c[${i},${j}] = ${c[i * 9 + j]}, expected ${s}`);
  }
  await useThreads(1);
});

test("the pool shuts down and comes back", SLOW, async () => {
  assert.equal(await useThreads(2), 2);
  const pool = fulgurThreadPool();
  assert.ok(pool);
  assert.equal(await useThreads(1), 1);
  assert.equal(fulgurThreadPool(), null);
  assert.equal(pool.threads, 1, "a shut-down pool reports one thread");
  assert.equal(await useThreads(2), 2);
  await useThreads(1);
});

function optimizerRun(make: (ps: Parameter[]) => { step(): void }): string[] {
  manualSeed(11);
  // sizes with n % 4 tails, one large enough to be split across the pool
  const ps = [70001, 3, 40962].map((n) => new Parameter(randn([n]).value));
  const opt = make(ps);
  for (let s = 0; s < 3; s++) {
    for (const p of ps) p.grad = new Parameter(randn([p.shape[0]]).value, false);
    opt.step();
  }
  return ps.map((p) => digest(p.value.dataSync() as Float32Array));
}

test("fused Adam, AdamW and SGD updates are bit-identical on 1, 2 and 3 threads", SLOW, async () => {
  const makers = {
    adam: (ps: Parameter[]) => new Adam(ps, { lr: 0.01, weightDecay: 0.1 }),
    adamw: (ps: Parameter[]) => new AdamW(ps, { lr: 0.01, amsgrad: true }),
    sgd: (ps: Parameter[]) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true }),
  };
  for (const [name, make] of Object.entries(makers)) {
    const runs: string[][] = [];
    for (const n of [1, 2, 3]) {
      assert.equal(await useThreads(n), n);
      runs.push(optimizerRun(make));
      const fused = name === "sgd" ? "optim_sgd" : "optim_adam";
      if (n > 1) assert.equal(fulgurThreadPool()!.dispatched[fused], 3, `${name}: each step was split across the pool`);
    }
    assert.deepEqual(runs[1], runs[0], `${name}: 2 threads differ from 1`);
    assert.deepEqual(runs[2], runs[0], `${name}: 3 threads differ from 1`);
  }
  await useThreads(1);
});

test("a worker that dies mid-op raises ThreadPoolError, then one thread carries on", SLOW, async () => {
  assert.equal(await useThreads(2), 2);
  manualSeed(5);
  const a = randn([300, 200]).value, b = randn([200, 100]).value;
  const before = digest(tf.matMul(a, b).dataSync() as Float32Array);
  fulgurThreadPool()!.killWorkerForTest(0);
  assert.throws(() => tf.matMul(a, b), (e: Error) => e.name === "ThreadPoolError" && /died/.test(e.message));
  assert.equal(fulgurThreads(), 1);
  assert.equal(digest(tf.matMul(a, b).dataSync() as Float32Array), before);
  tf.dispose([a, b]);
  await useThreads(1);
});
