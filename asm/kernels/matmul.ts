// Float32 batched matrix multiply C = op(A)·op(B) (tfjs BatchMatMul semantics).
// B is packed into 8-column panels (this also absorbs transposeB), then a 4×8 SIMD
// micro-kernel walks k in order 0..K-1 for every output element (long reductions in blocks of
// KC, the partial sums kept exactly in C between blocks): the summation order is fixed, so
// results are identical on every engine.

import { alloc, dealloc } from "../memory";
import { storeTransposed4x4 } from "./transpose4";

const NR: i32 = 8; // panel width (two f32x4 lanes)

// Packs panels p0..p1 of op(B) [K×N] (K×8 floats each, the last zero padded on the right) into
// panels, from its start.
function packB(b: usize, K: i32, N: i32, transB: bool, panels: usize, p0: i32, p1: i32): void {
  for (let p = p0; p < p1; p++) {
    const j0 = p * NR;
    const w = min(NR, N - j0);
    const dst = panels + (<usize>(p - p0) * <usize>K * <usize>NR << 2);
    if (!transB && w == NR) {
      // a full panel of row-major B: each k row is two v128 copies
      let src = b + (<usize>j0 << 2);
      const stride = <usize>N << 2;
      for (let k = 0; k < K; k++) {
        const row = dst + (<usize>(k * NR) << 2);
        v128.store(row, v128.load(src));
        v128.store(row, v128.load(src, 16), 16);
        src += stride;
      }
      continue;
    }
    if (!transB) {
      // a narrow last panel (conv gradients with 6 output channels): 8 floats read per k row,
      // the lanes past w masked to 0; rows whose 8-float read would pass the end of B go scalar
      const m0 = lanesMask(w), m1 = lanesMask(w - 4);
      const total = K * N;
      let src = b + (<usize>j0 << 2);
      const stride = <usize>N << 2;
      let k = 0;
      for (; k < K && k * N + j0 + NR <= total; k++) {
        const row = dst + (<usize>(k * NR) << 2);
        v128.store(row, v128.and(v128.load(src), m0));
        v128.store(row, v128.and(v128.load(src, 16), m1), 16);
        src += stride;
      }
      for (; k < K; k++) {
        const row = dst + (<usize>(k * NR) << 2);
        for (let j = 0; j < NR; j++) {
          store<f32>(row + (<usize>j << 2), j < w ? load<f32>(b + (<usize>(k * N + j0 + j) << 2)) : <f32>0);
        }
      }
      continue;
    }
    if (transB && w == NR) {
      // B stored [N×K]: 8 source rows read side by side, four k at a time through 4×4 transposes
      packPanelT(b + (<usize>(j0 * K) << 2), K, dst);
      continue;
    }
    for (let k = 0; k < K; k++) {
      const row = dst + (<usize>(k * NR) << 2);
      for (let j = 0; j < NR; j++) {
        let v: f32 = 0;
        if (j < w) {
          const col = j0 + j;
          v = transB
            ? load<f32>(b + (<usize>(col * K + k) << 2))
            : load<f32>(b + (<usize>(k * N + col) << 2));
        }
        store<f32>(row + (<usize>j << 2), v);
      }
    }
  }
}

// All-ones bits in the first n lanes (n ≤ 0: none, n ≥ 4: all).
@inline function lanesMask(n: i32): v128 {
  return i32x4.gt_s(i32x4.splat(n), i32x4(0, 1, 2, 3));
}

// One full panel from B^T: src holds 8 rows of K floats (the panel's columns); dst gets K rows of 8.
function packPanelT(src: usize, K: i32, dst: usize): void {
  const rb = <usize>K << 2;
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const ko = <usize>k << 2;
    const d = dst + (<usize>(k * NR) << 2);
    for (let h = 0; h < 2; h++) {
      const s = src + <usize>(h * 4) * rb + ko;
      const r0 = v128.load(s), r1 = v128.load(s + rb), r2 = v128.load(s + 2 * rb), r3 = v128.load(s + 3 * rb);
      storeTransposed4x4(r0, r1, r2, r3, d + (<usize>h << 4), 32);
    }
  }
  for (; k < K; k++) {
    const row = dst + (<usize>(k * NR) << 2);
    for (let j = 0; j < NR; j++) store<f32>(row + (<usize>j << 2), load<f32>(src + <usize>j * rb + (<usize>k << 2)));
  }
}

// Copies op(A) [M×K] row-major into dst (only used when transposeA).
function packAT(a: usize, M: i32, K: i32, dst: usize): void {
  // A is stored [K×M]; op(A)[i,k] = A[k,i].
  for (let i = 0; i < M; i++) {
    const drow = dst + (<usize>(i * K) << 2);
    for (let k = 0; k < K; k++) {
      store<f32>(drow + (<usize>k << 2), load<f32>(a + (<usize>(k * M + i) << 2)));
    }
  }
}

// Stores the first w lanes of a 8-wide accumulator pair into c.
@inline function storeRow(c: usize, lo: v128, hi: v128, w: i32): void {
  if (w == NR) {
    v128.store(c, lo);
    v128.store(c + 16, hi);
    return;
  }
  // narrow panels (conv products with 6 or 16 output channels end in one): whole lanes where possible
  let v = lo;
  let at = c;
  let left = w;
  if (left >= 4) {
    v128.store(at, lo);
    v = hi;
    at += 16;
    left -= 4;
  }
  if (left >= 2) {
    v128.store64_lane(at, v, 0);
    if (left == 3) store<f32>(at + 8, f32x4.extract_lane(v, 2));
  } else if (left == 1) {
    store<f32>(at, f32x4.extract_lane(v, 0));
  }
}

// Loads the first w lanes of C's row into an accumulator pair (the rest are never stored).
// No scratch memory: other threads may run this kernel on the same linear memory.
@inline function loadLo(c: usize, w: i32): v128 {
  return w >= 4 ? v128.load(c) : loadPartial(c, w);
}

@inline function loadHi(c: usize, w: i32): v128 {
  if (w == NR) return v128.load(c, 16);
  return w <= 4 ? f32x4.splat(0) : loadPartial(c + 16, w - 4);
}

// n (1..3) floats into the first lanes.
@inline function loadPartial(p: usize, n: i32): v128 {
  let v = f32x4.splat(load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

// One [M×K]·panel → C[:, j0:j0+w] pass. a is row-major with rows lda floats apart. With acc the
// accumulators start from C's values (a later k block: the partial sums were stored exactly, so
// every element still sums k = 0..K-1 in order), otherwise from 0.
function panelMul(a: usize, panel: usize, c: usize, M: i32, K: i32, N: i32, j0: i32, w: i32, lda: i32, acc: bool): void {
  const rowBytes = <usize>lda << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = a + <usize>i * rowBytes;
    const a1 = a0 + rowBytes;
    const a2 = a1 + rowBytes;
    const a3 = a2 + rowBytes;
    const cr = c + (<usize>(i * N + j0) << 2);
    const cs = <usize>N << 2;
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
    let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
    let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    if (acc) {
      c00 = loadLo(cr, w); c01 = loadHi(cr, w);
      c10 = loadLo(cr + cs, w); c11 = loadHi(cr + cs, w);
      c20 = loadLo(cr + 2 * cs, w); c21 = loadHi(cr + 2 * cs, w);
      c30 = loadLo(cr + 3 * cs, w); c31 = loadHi(cr + 3 * cs, w);
    }
    let bp = panel;
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      const ko = <usize>k << 2;
      let s = f32x4.splat(load<f32>(a0 + ko));
      c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
      s = f32x4.splat(load<f32>(a1 + ko));
      c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
      s = f32x4.splat(load<f32>(a2 + ko));
      c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
      s = f32x4.splat(load<f32>(a3 + ko));
      c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
      bp += NR << 2;
    }
    storeRow(cr, c00, c01, w);
    storeRow(cr + cs, c10, c11, w);
    storeRow(cr + 2 * cs, c20, c21, w);
    storeRow(cr + 3 * cs, c30, c31, w);
  }
  if (i + 2 <= M) {
    // two leftover rows: four independent accumulator chains instead of two
    const a0 = a + <usize>i * rowBytes;
    const a1 = a0 + rowBytes;
    const cr = c + (<usize>(i * N + j0) << 2);
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
    let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    if (acc) {
      c00 = loadLo(cr, w); c01 = loadHi(cr, w);
      c10 = loadLo(cr + (<usize>N << 2), w); c11 = loadHi(cr + (<usize>N << 2), w);
    }
    let bp = panel;
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      const ko = <usize>k << 2;
      let s = f32x4.splat(load<f32>(a0 + ko));
      c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
      s = f32x4.splat(load<f32>(a1 + ko));
      c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
      bp += NR << 2;
    }
    storeRow(cr, c00, c01, w);
    storeRow(cr + (<usize>N << 2), c10, c11, w);
    i += 2;
  }
  for (; i < M; i++) {
    const a0 = a + <usize>i * rowBytes;
    const cr = c + (<usize>(i * N + j0) << 2);
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
    if (acc) { c00 = loadLo(cr, w); c01 = loadHi(cr, w); }
    let bp = panel;
    for (let k = 0; k < K; k++) {
      const s = f32x4.splat(load<f32>(a0 + (<usize>k << 2)));
      c00 = f32x4.add(c00, f32x4.mul(s, v128.load(bp)));
      c01 = f32x4.add(c01, f32x4.mul(s, v128.load(bp, 16)));
      bp += NR << 2;
    }
    storeRow(cr, c00, c01, w);
  }
}

// Row block height: keeps a block of A rows hot in cache while panels stream by.
const MB: i32 = 64;
// Reduction block: a KC×8 panel slice is 16 KiB (L1), a 64×KC block of A 128 KiB (L2).
const KC: i32 = 512;

/**
 * out[batch, M, N] = op(a)[batch % batchA] · op(b)[batch % batchB].
 * a holds batchA matrices of [M×K] ([K×M] if transA), b holds batchB of [K×N] ([N×K] if transB).
 */
export function matmul_f32(a: usize, b: usize, out: usize, M: i32, K: i32, N: i32,
                           transA: bool, transB: bool, batch: i32, batchA: i32, batchB: i32): void {
  const np = (N + NR - 1) / NR;
  const panelsBytes = <usize>np * <usize>K * <usize>NR << 2;
  const panels = alloc(panelsBytes);
  const aT = transA ? alloc(<usize>M * <usize>K << 2) : 0;
  const aBytes = <usize>M * <usize>K << 2;
  const bBytes = <usize>K * <usize>N << 2;
  const cBytes = <usize>M * <usize>N << 2;
  let packedB = -1;
  let packedA = -1;
  for (let bi = 0; bi < batch; bi++) {
    const ia = bi % batchA;
    const ib = bi % batchB;
    if (ib != packedB) { packB(b + <usize>ib * bBytes, K, N, transB, panels, 0, np); packedB = ib; }
    let am = a + <usize>ia * aBytes;
    if (transA) {
      if (ia != packedA) { packAT(am, M, K, aT); packedA = ia; }
      am = aT;
    }
    const c = out + <usize>bi * cBytes;
    if (K == 0) { memory.fill(c, 0, cBytes); continue; }
    mulPanels(am, panels, c, M, K, N, 0, np);
  }
  dealloc(panels);
  if (transA) dealloc(aT);
}

// C[:, 8·p0 .. 8·p1) = A·(panels p0..p1 of B); A row-major [M×K], the panels packed from p0.
function mulPanels(am: usize, panels: usize, c: usize, M: i32, K: i32, N: i32, p0: i32, p1: i32): void {
  for (let i0 = 0; i0 < M; i0 += MB) {
    const mb = min(MB, M - i0);
    const ab = am + (<usize>(i0 * K) << 2);
    const cb = c + (<usize>(i0 * N) << 2);
    // long reductions in KC blocks, so the panel slice and the A block stay in cache
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = min(KC, K - k0);
      for (let p = p0; p < p1; p++) {
        const j0 = p * NR;
        const panel = panels + (<usize>(p - p0) * <usize>K * <usize>NR << 2) + (<usize>(k0 * NR) << 2);
        panelMul(ab + (<usize>k0 << 2), panel, cb, mb, kc, N, j0, min(NR, N - j0), K, k0 > 0);
      }
    }
  }
}

/**
 * Output columns [8·p0, min(8·p1, N)) of out[M×N] = a[M×K] · op(b) (one matrix, A not
 * transposed): only those panels of B are packed, and every element sums k in the same order
 * as matmul_f32, so a product split into column ranges across threads gives matmul_f32's bits.
 */
export function matmul_f32_cols(a: usize, b: usize, out: usize, M: i32, K: i32, N: i32, transB: bool, p0: i32, p1: i32): void {
  if (K == 0) {
    const j0 = p0 * NR, w = min(p1 * NR, N) - j0;
    for (let i = 0; i < M; i++) memory.fill(out + (<usize>(i * N + j0) << 2), 0, <usize>w << 2);
    return;
  }
  const panels = alloc(<usize>(p1 - p0) * <usize>K * <usize>NR << 2);
  packB(b, K, N, transB, panels, p0, p1);
  mulPanels(a, panels, out, M, K, N, p0, p1);
  dealloc(panels);
}
