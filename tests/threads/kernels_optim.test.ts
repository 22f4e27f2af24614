// Every fused optimizer update other than Adam/SGD (tests/threads/kernels.test.ts has those), and
// gradient clipping, give the same bits on 1, 2 and 3 threads; groups over the split threshold go
// through the pool, a small one stays on the calling thread.
import { test } from "node:test";
import assert from "node:assert/strict";
import { digest, useThreads } from "./helpers.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { manualSeed, randn } from "../../ts/index.ts";
import { Parameter } from "../../ts/autograd/index.ts";
import {
  ASGD, Adadelta, Adagrad, Adamax, NAdam, RAdam, RMSprop, Rprop, clipGradNorm, clipGradValue,
} from "../../ts/optim/index.ts";

type Step = { step(): void };
const MAKERS: Record<string, [string, (ps: Parameter[]) => Step]> = {
  rmsprop: ["optim_rmsprop", (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.9, centered: true, weightDecay: 0.01 })],
  adagrad: ["optim_adagrad", (ps) => new Adagrad(ps, { lr: 0.1, lrDecay: 0.01, weightDecay: 0.01 })],
  adadelta: ["optim_adadelta", (ps) => new Adadelta(ps, { lr: 1, weightDecay: 0.01, maximize: true })],
  adamax: ["optim_adamax", (ps) => new Adamax(ps, { lr: 0.01, weightDecay: 0.01 })],
  nadam: ["optim_nadam", (ps) => new NAdam(ps, { lr: 0.01, weightDecay: 0.01 })],
  radam: ["optim_radam", (ps) => new RAdam(ps, { lr: 0.01, weightDecay: 0.01 })],
  asgd: ["optim_asgd", (ps) => new ASGD(ps, { lr: 0.01, t0: 1, weightDecay: 0.01 })],
  rprop: ["optim_rprop", (ps) => new Rprop(ps, { lr: 0.01 })],
};

/** `steps` updates of parameters of the given sizes (n % 4 tails included); their digests. */
function run(make: (ps: Parameter[]) => Step, sizes: number[], steps = 3): string[] {
  manualSeed(12);
  const ps = sizes.map((n) => new Parameter(randn([n]).value));
  const opt = make(ps);
  for (let s = 0; s < steps; s++) {
    for (const p of ps) p.grad = new Parameter(randn([p.shape[0]]).value, false);
    opt.step();
  }
  return ps.map((p) => digest(p.value.dataSync() as Float32Array));
}

test("every other fused optimizer update is bit-identical on 1, 2 and 3 threads", { timeout: 300_000 }, async () => {
  for (const [name, [kernel, make]] of Object.entries(MAKERS)) {
    const big: string[][] = [], small: string[][] = [];
    for (const n of [1, 2, 3]) {
      assert.equal(await useThreads(n), n);
      const before = fulgurThreadPool()?.dispatched[kernel] ?? 0;
      small.push(run(make, [301, 7]));
      if (n > 1) assert.equal(fulgurThreadPool()!.dispatched[kernel] ?? 0, before, `${name}: a 308-parameter step was split`);
      big.push(run(make, [40001, 3, 30962]));
      if (n > 1) assert.equal(fulgurThreadPool()!.dispatched[kernel] ?? 0, before + 3, `${name}: each large step was split`);
    }
    assert.deepEqual(big[1], big[0], `${name}: 2 threads differ from 1`);
    assert.deepEqual(big[2], big[0], `${name}: 3 threads differ from 1`);
    assert.deepEqual(small[1], small[0], `${name} (small): 2 threads differ from 1`);
    assert.deepEqual(small[2], small[0], `${name} (small): 3 threads differ from 1`);
  }
  await useThreads(1);
});

function clipRun(): { norms: number[]; grads: string[] } {
  manualSeed(13);
  const sizes = [200_001, 70_000, 513];
  const ps = sizes.map((n) => new Parameter(randn([n]).value));
  const norms: number[] = [];
  for (const normType of [2, 1, 3, Infinity, -Infinity, 0]) {
    for (const p of ps) p.grad = new Parameter(randn([p.shape[0]]).value, false);
    norms.push(clipGradNorm(ps, 0.5, normType));
  }
  clipGradValue(ps, 0.01);
  return { norms, grads: ps.map((p) => digest(p.grad!.value.dataSync() as Float32Array)) };
}

test("clipGradNorm (every norm type) and clipGradValue are bit-identical on 1, 2 and 3 threads", { timeout: 300_000 }, async () => {
  const runs = [];
  for (const n of [1, 2, 3]) {
    assert.equal(await useThreads(n), n);
    const before = { ...(fulgurThreadPool()?.dispatched ?? {}) };
    runs.push(clipRun());
    if (n > 1) {
      const d = fulgurThreadPool()!.dispatched;
      for (const k of ["clip_norm_chunks", "clip_scale", "clip_clamp"]) assert.ok((d[k] ?? 0) > (before[k] ?? 0), `${k} never split`);
    }
  }
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
  await useThreads(1);
});

test("a long gradient's 2-norm is its fixed-chunk float64 sum of squares on every thread count", { timeout: 300_000 }, async () => {
  manualSeed(14);
  const n = 150_001;
  const p = new Parameter(randn([n]).value);
  const g = randn([n]).value;
  const v = g.dataSync();
  let total = 0;
  for (let c = 0; c < n; c += 8192) {
    let s = 0;
    for (let i = c; i < Math.min(n, c + 8192); i++) s += v[i] * v[i];
    total += s;
  }
  const expected = Math.fround(Math.sqrt(total));
  for (const threads of [1, 2, 3]) {
    assert.equal(await useThreads(threads), threads);
    p.grad = new Parameter(g.clone(), false);
    assert.equal(clipGradNorm([p], 1e9), expected, `${threads} thread(s)`);
  }
  g.dispose();
  await useThreads(1);
});
