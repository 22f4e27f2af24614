// The direct convolution kernels give the same bits on 1, 2 and 3 threads: conv2d's forward and
// both gradients through the autograd ops, on shapes over the split threshold (forward and input
// gradient cut into runs of images, the weight gradient into output-channel blocks and window-entry
// slices; checked through the pool's dispatch counts) and under it (calling thread only), with
// groups, padding, dilation, a width stride (weight gradient only on the direct kernel) and N = 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { digest, sameDigestsOn123 } from "./helpers.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { convThresholds } from "../../ts/backend/threads/conv_kernels.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";

// Bun's default 5 s per test is too short on a loaded 2-core machine.
const SLOW = { timeout: 300_000 };

interface Case { N: number; C: number; H: number; W: number; O: number; k: [number, number]; G?: number;
  stride?: [number, number]; padding?: [number, number]; dilation?: [number, number]; bias?: boolean }

const CASES: Case[] = [
  { N: 32, C: 1, H: 28, W: 28, O: 6, k: [5, 5], bias: true }, // LeNet conv1: one 8-channel block, dW cut by window entries
  { N: 16, C: 6, H: 12, W: 12, O: 16, k: [5, 5], bias: true }, // LeNet conv2
  { N: 11, C: 8, H: 20, W: 23, O: 12, k: [3, 3], G: 2, stride: [2, 1], padding: [2, 1], dilation: [2, 1], bias: true },
  { N: 10, C: 3, H: 30, W: 30, O: 10, k: [3, 3], stride: [1, 2], padding: [1, 1] }, // width stride 2
  { N: 1, C: 16, H: 32, W: 32, O: 32, k: [3, 3], padding: [1, 1] }, // one image: only dW is cut
  { N: 2, C: 3, H: 9, W: 11, O: 5, k: [3, 3], padding: [1, 1], bias: true }, // under the threshold
  { N: 3, C: 4, H: 8, W: 13, O: 6, k: [2, 3], G: 2, dilation: [1, 2] }, // under the threshold
];

const vals = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.37 + seed) * (1 + (i % 7)));

const macs = (c: Case, oh: number, ow: number) => c.N * c.O * oh * ow * (c.C / (c.G ?? 1)) * c.k[0] * c.k[1];

/** Digests of y, dx, dw (and db) per case; the conv kernels each case sent through the pool. */
function run(): { digests: string[][]; split: string[][] } {
  const digests: string[][] = [], split: string[][] = [];
  for (const c of CASES) {
    const G = c.G ?? 1, [kh, kw] = c.k;
    const before = { ...(fulgurThreadPool()?.dispatched ?? {}) };
    const x = ag.tensor(vals(c.N * c.C * c.H * c.W, 1), [c.N, c.C, c.H, c.W], { requiresGrad: true });
    const w = ag.tensor(vals(c.O * (c.C / G) * kh * kw, 2).map((v) => v * 0.1), [c.O, c.C / G, kh, kw], { requiresGrad: true });
    const b = c.bias ? ag.tensor(vals(c.O, 3), [c.O], { requiresGrad: true }) : null;
    const y = ops.conv2d(x, w, b, { stride: c.stride ?? 1, padding: c.padding ?? 0, dilation: c.dilation ?? 1, groups: G });
    const gy = ag.tensor(vals(y.value.size, 4), y.shape);
    const grads = ag.grad(y, b ? [x, w, b] : [x, w], { gradOutputs: gy });
    digests.push([y, ...grads].map((t) => digest(t!.value.dataSync() as Float32Array)));
    const after = fulgurThreadPool()?.dispatched ?? {};
    split.push(["conv2d_direct_f32", "conv2d_igrad_f32", "conv2d_wgrad_range_f32"].filter((k) => (after[k] ?? 0) > (before[k] ?? 0)));
  }
  return { digests, split };
}

test("conv2d forward and gradients are bit-identical on 1, 2 and 3 threads", SLOW, async () => {
  const runs = await sameDigestsOn123(run);
  // which kernels were cut: every one over the threshold (forward and dx need 2+ images and stride 1 along the width)
  for (const n of [2, 3] as const) {
    CASES.forEach((c, i) => {
      const [sh, sw] = c.stride ?? [1, 1], [dh, dw] = c.dilation ?? [1, 1], [ph, pw] = c.padding ?? [0, 0];
      const oh = Math.floor((c.H + 2 * ph - dh * (c.k[0] - 1) - 1) / sh) + 1, ow = Math.floor((c.W + 2 * pw - dw * (c.k[1] - 1) - 1) / sw) + 1;
      const big = macs(c, oh, ow) >= convThresholds.macs;
      const want = big ? [...(c.N > 1 && sw === 1 ? ["conv2d_direct_f32", "conv2d_igrad_f32"] : []), "conv2d_wgrad_range_f32"] : [];
      assert.deepEqual(runs[n].split[i], want, `case ${i} on ${n} threads`);
    });
  }
});
