// Pool versions of the direct convolution exports (asm/kernels/conv/direct.ts), same signatures.
// Bit-identical for every thread count, no sum ever split: the forward and the input gradient
// are cut into runs of whole images (an output element depends on its own image only and is
// computed by the same code, whatever N the call sees); the weight gradient is cut into units of
// (group, 8 output channels, slice of window entries), each dW element summed over all images and
// positions, in order, by the one thread that owns its unit (conv2d_wgrad_range_f32).

import type { Fn, GetPool, Raw } from "./kernel_types.ts";

/**
 * Below this many multiply-adds (N·O·oh·ow·C/G·kh·kw) a conv stays on the calling thread: the
 * hand-off (~15 µs a round trip, plus each piece's own weight packing / padding: ~20–30 µs in all)
 * costs more than it saves. `node bench/run_case.mjs threads_conv` (LeNet's convs, one thread vs
 * split on 2, load ~1.5): the split lost at 2^19.2 MACs (e.g. 35 vs 47 µs), broke even around
 * 2^19.4–2^20.2 and won from ~2^21 (2^23.2: 538 vs 376 µs forward, 825 vs 531 input gradient).
 */
export const convThresholds = { macs: 1 << 20 };

/** Exports these splitters run on pool workers. */
export const CONV_KERNELS = ["conv2d_direct_f32", "conv2d_igrad_f32", "conv2d_wgrad_range_f32"];

function threadsFor(getPool: GetPool, macs: number): number {
  const pool = getPool();
  return pool === null || macs < convThresholds.macs ? 1 : pool.threads;
}

/** Runs of whole images: [first image, count], at most T of them. */
function imageRuns(N: number, T: number): [number, number][] {
  const per = Math.ceil(N / Math.min(T, N)), out: [number, number][] = [];
  for (let n0 = 0; n0 < N; n0 += per) out.push([n0, Math.min(per, N - n0)]);
  return out;
}

/** conv2d_direct_f32(x, w, bias, out, N, C, H, W, G, O, kh, kw, sh, ph, pw, dh, dw, oh, ow). */
function forward(raw: Raw, getPool: GetPool): Fn {
  const one = raw.conv2d_direct_f32 as Fn;
  return (...a) => {
    const [x, , , out, N, C, H, W, G, O, kh, kw, , , , , , oh, ow] = a;
    const T = threadsFor(getPool, N * O * oh * ow * (C / G) * kh * kw);
    if (T < 2 || N < 2) return one(...a);
    getPool()!.run("conv2d_direct_f32", imageRuns(N, T).map(([n0, nb]) => {
      const p = a.slice();
      p[0] = x + n0 * C * H * W * 4;
      p[3] = out + n0 * O * oh * ow * 4;
      p[4] = nb;
      return p;
    }));
  };
}

/** conv2d_igrad_f32(gy, w, out, N, C, H, W, G, O, kh, kw, sh, ph, pw, dh, dw, oh, ow). */
function inputGrad(raw: Raw, getPool: GetPool): Fn {
  const one = raw.conv2d_igrad_f32 as Fn;
  return (...a) => {
    const [gy, , out, N, C, H, W, G, O, kh, kw, , , , , , oh, ow] = a;
    const T = threadsFor(getPool, N * O * oh * ow * (C / G) * kh * kw);
    if (T < 2 || N < 2) return one(...a);
    getPool()!.run("conv2d_igrad_f32", imageRuns(N, T).map(([n0, nb]) => {
      const p = a.slice();
      p[0] = gy + n0 * O * oh * ow * 4;
      p[2] = out + n0 * C * H * W * 4;
      p[3] = nb;
      return p;
    }));
  };
}

/** conv2d_wgrad_f32(x, gy, out, N, C, H, W, G, O, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow). */
function weightGrad(raw: Raw, getPool: GetPool): Fn {
  const one = raw.conv2d_wgrad_f32 as Fn;
  const units = raw.conv2d_wgrad_units as (C: number, G: number, O: number, S: number) => number;
  return (...a) => {
    const [, , , N, C, , , G, O, kh, kw, , , , , , , oh, ow] = a;
    const K = (C / G) * kh * kw;
    const T = threadsFor(getPool, N * O * oh * ow * K);
    if (T < 2) return one(...a);
    // Fewer (group, 8-channel) blocks than threads (LeNet's 6 channels: one block): also cut
    // the window entries into slices of at least 4.
    const blocks = units(C, G, O, 1);
    const S = blocks >= T ? 1 : Math.max(1, Math.min(Math.ceil(T / blocks), Math.floor(K / 4)));
    const U = units(C, G, O, S);
    if (U < 2) return one(...a);
    const per = Math.ceil(U / Math.min(T, U)), pieces: number[][] = [];
    for (let u0 = 0; u0 < U; u0 += per) pieces.push([...a, S, u0, Math.min(U, u0 + per)]);
    getPool()!.run("conv2d_wgrad_range_f32", pieces);
  };
}

/** The splitters, by export name, to put in place of the single-threaded exports. */
export function convKernels(raw: Raw, getPool: GetPool): Record<string, Fn> {
  return {
    conv2d_direct_f32: forward(raw, getPool),
    conv2d_igrad_f32: inputGrad(raw, getPool),
    conv2d_wgrad_f32: weightGrad(raw, getPool),
  };
}
