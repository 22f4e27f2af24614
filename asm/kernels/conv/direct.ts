// Direct convolution kernels: the products of im2col + matmul without the columns. Each output
// element is summed exactly as the matmul sums it (an accumulator from 0, k = 0..K-1 in order, one
// f32 multiply and one f32 add per k; the bias added last), so the results are the same bits as the
// im2col path's, and the same on every engine. Padding is a zero-filled copy of x (its products are
// computed like the columns' zero entries: 0·w, so a non-finite weight still gives NaN).

import { alloc, dealloc } from "../../memory";
import { storeTransposed4x4 } from "../transpose4";

/** x [N, C, H, W] padded to [N, C, Hp, Wp] (zeros around; x itself when nothing is added). */
function padded(x: usize, N: i32, C: i32, H: i32, W: i32, ph: i32, pw: i32, Hp: i32, Wp: i32): usize {
  if (ph == 0 && pw == 0 && Hp == H && Wp == W) return x;
  const bytes = <usize>N * <usize>C * <usize>Hp * <usize>Wp << 2;
  const xp = alloc(bytes);
  memory.fill(xp, 0, bytes);
  const planes = N * C;
  const rowBytes = <usize>W << 2;
  for (let p = 0; p < planes; p++) {
    const src = x + (<usize>p * <usize>H * <usize>W << 2);
    const dst = xp + (<usize>p * <usize>Hp * <usize>Wp << 2) + (<usize>(ph * Wp + pw) << 2);
    for (let y = 0; y < H; y++) memory.copy(dst + (<usize>(y * Wp) << 2), src + (<usize>(y * W) << 2), rowBytes);
  }
  return xp;
}

/** Byte offsets of the window entries (c, i, j) in k order inside a padded image. */
function tapOffsets(Cg: i32, kh: i32, kw: i32, dh: i32, dw: i32, Hp: i32, Wp: i32): usize {
  const K = Cg * kh * kw;
  const t = alloc(<usize>K << 2);
  let k = 0;
  for (let c = 0; c < Cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        store<i32>(t + (<usize>k << 2), (c * Hp * Wp + i * dh * Wp + j * dw) << 2);
        k++;
      }
    }
  }
  return t;
}

// ---- forward: out [N, O, oh, ow] = conv(x, w) + bias, stride 1 along the width ----------------
// Vectorized along the output row: 4 output channels × 8 positions per micro-kernel, the 8 inputs of
// window entry k for 8 neighbouring positions are 8 contiguous floats of the (padded) row.

// The weights of one group as blocks of 4 output channels, [ceil(Og/4)][K][4] (zero padded).
function packW4(w: usize, Og: i32, K: i32, dst: usize): void {
  const nb = (Og + 3) >> 2;
  for (let b = 0; b < nb; b++) {
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < 4; r++) {
        const o = b * 4 + r;
        store<f32>(dst + (<usize>((b * K + k) * 4 + r) << 2), o < Og ? load<f32>(w + (<usize>(o * K + k) << 2)) : <f32>0);
      }
    }
  }
}

// Stores rows 0..R-1 of a 4-row result (+ the row's bias) at out, rows os bytes apart.
@inline function store8(o: usize, lo: v128, hi: v128, b: f32, hasBias: bool): void {
  if (hasBias) {
    const bs = f32x4.splat(b);
    lo = f32x4.add(lo, bs);
    hi = f32x4.add(hi, bs);
  }
  v128.store(o, lo);
  v128.store(o, hi, 16);
}

@inline function store4(o: usize, v: v128, b: f32, hasBias: bool): void {
  v128.store(o, hasBias ? f32x4.add(v, f32x4.splat(b)) : v);
}

// 4 channels × 8 positions. src: the padded row at the first position; wb: [K][4]; R rows stored.
function fwd4x8(src: usize, wb: usize, toff: usize, K: i32, o: usize, os: usize, R: i32, bias: usize, hasBias: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let wp = wb;
  for (let k = 0; k < K; k++) {
    const p = src + <usize>load<i32>(toff + (<usize>k << 2));
    const x0 = v128.load(p), x1 = v128.load(p, 16);
    let s = v128.load32_splat(wp);
    c00 = f32x4.add(c00, f32x4.mul(s, x0)); c01 = f32x4.add(c01, f32x4.mul(s, x1));
    s = v128.load32_splat(wp, 4);
    c10 = f32x4.add(c10, f32x4.mul(s, x0)); c11 = f32x4.add(c11, f32x4.mul(s, x1));
    s = v128.load32_splat(wp, 8);
    c20 = f32x4.add(c20, f32x4.mul(s, x0)); c21 = f32x4.add(c21, f32x4.mul(s, x1));
    s = v128.load32_splat(wp, 12);
    c30 = f32x4.add(c30, f32x4.mul(s, x0)); c31 = f32x4.add(c31, f32x4.mul(s, x1));
    wp += 16;
  }
  store8(o, c00, c01, hasBias ? load<f32>(bias) : 0, hasBias);
  if (R > 1) store8(o + os, c10, c11, hasBias ? load<f32>(bias, 4) : 0, hasBias);
  if (R > 2) store8(o + 2 * os, c20, c21, hasBias ? load<f32>(bias, 8) : 0, hasBias);
  if (R > 3) store8(o + 3 * os, c30, c31, hasBias ? load<f32>(bias, 12) : 0, hasBias);
}

// 2 channels × 8 positions (a block of 4 with only 2 channels: O = 6 ends in one).
function fwd2x8(src: usize, wb: usize, toff: usize, K: i32, o: usize, os: usize, R: i32, bias: usize, hasBias: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let wp = wb;
  for (let k = 0; k < K; k++) {
    const p = src + <usize>load<i32>(toff + (<usize>k << 2));
    const x0 = v128.load(p), x1 = v128.load(p, 16);
    let s = v128.load32_splat(wp);
    c00 = f32x4.add(c00, f32x4.mul(s, x0)); c01 = f32x4.add(c01, f32x4.mul(s, x1));
    s = v128.load32_splat(wp, 4);
    c10 = f32x4.add(c10, f32x4.mul(s, x0)); c11 = f32x4.add(c11, f32x4.mul(s, x1));
    wp += 16;
  }
  store8(o, c00, c01, hasBias ? load<f32>(bias) : 0, hasBias);
  if (R > 1) store8(o + os, c10, c11, hasBias ? load<f32>(bias, 4) : 0, hasBias);
}

// 4 channels × 4 positions (the row's tail).
function fwd4x4(src: usize, wb: usize, toff: usize, K: i32, o: usize, os: usize, R: i32, bias: usize, hasBias: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let wp = wb;
  for (let k = 0; k < K; k++) {
    const x0 = v128.load(src + <usize>load<i32>(toff + (<usize>k << 2)));
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(wp), x0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(wp, 4), x0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(wp, 8), x0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(wp, 12), x0));
    wp += 16;
  }
  store4(o, c0, hasBias ? load<f32>(bias) : 0, hasBias);
  if (R > 1) store4(o + os, c1, hasBias ? load<f32>(bias, 4) : 0, hasBias);
  if (R > 2) store4(o + 2 * os, c2, hasBias ? load<f32>(bias, 8) : 0, hasBias);
  if (R > 3) store4(o + 3 * os, c3, hasBias ? load<f32>(bias, 12) : 0, hasBias);
}

// R channels × 1 position, scalar (the last ow % 4 positions).
function fwd1(src: usize, wb: usize, toff: usize, K: i32, o: usize, os: usize, R: i32, bias: usize, hasBias: bool): void {
  for (let r = 0; r < R; r++) {
    let acc: f32 = 0;
    let wp = wb + (<usize>r << 2);
    for (let k = 0; k < K; k++) {
      acc = acc + load<f32>(wp) * load<f32>(src + <usize>load<i32>(toff + (<usize>k << 2)));
      wp += 16;
    }
    if (hasBias) acc = acc + load<f32>(bias + (<usize>r << 2));
    store<f32>(o + <usize>r * os, acc);
  }
}

/**
 * out [N, O, oh, ow] = Σ_k w[o, k] · window_k(x) (+ bias[o]): x [N, C, H, W], w [O, C/G, kh, kw],
 * stride (sh, 1), padding (ph, pw) on top/left (bottom/right as oh/ow need), dilation (dh, dw).
 */
export function conv2d_direct_f32(x: usize, w: usize, bias: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32, O: i32,
                                  kh: i32, kw: i32, sh: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  const Cg = C / G, Og = O / G, K = Cg * kh * kw;
  const Hp = max(H + ph, (oh - 1) * sh + (kh - 1) * dh + 1);
  const Wp = max(W + pw, ow + (kw - 1) * dw);
  const xp = padded(x, N, C, H, W, ph, pw, Hp, Wp);
  const toff = tapOffsets(Cg, kh, kw, dh, dw, Hp, Wp);
  const nb = (Og + 3) >> 2;
  const wpk = alloc(<usize>nb * <usize>K << 4);
  const hasBias = bias != 0;
  const L = oh * ow;
  const os = <usize>L << 2; // one output channel to the next
  for (let g = 0; g < G; g++) {
    packW4(w + (<usize>(g * Og * K) << 2), Og, K, wpk);
    for (let n = 0; n < N; n++) {
      const img = xp + (<usize>(n * C + g * Cg) * <usize>Hp * <usize>Wp << 2);
      for (let b = 0; b < nb; b++) {
        const o0 = g * Og + b * 4;
        const R = min(4, Og - b * 4);
        const wb = wpk + (<usize>(b * K) << 4);
        const bb = hasBias ? bias + (<usize>o0 << 2) : 0;
        const ob = out + (<usize>(n * O + o0) * <usize>L << 2);
        for (let oy = 0; oy < oh; oy++) {
          const row = img + (<usize>(oy * sh * Wp) << 2);
          const orow = ob + (<usize>(oy * ow) << 2);
          let ox = 0;
          if (R > 2) {
            for (; ox + 8 <= ow; ox += 8) fwd4x8(row + (<usize>ox << 2), wb, toff, K, orow + (<usize>ox << 2), os, R, bb, hasBias);
          } else {
            for (; ox + 8 <= ow; ox += 8) fwd2x8(row + (<usize>ox << 2), wb, toff, K, orow + (<usize>ox << 2), os, R, bb, hasBias);
          }
          for (; ox + 4 <= ow; ox += 4) fwd4x4(row + (<usize>ox << 2), wb, toff, K, orow + (<usize>ox << 2), os, R, bb, hasBias);
          for (; ox < ow; ox++) fwd1(row + (<usize>ox << 2), wb, toff, K, orow + (<usize>ox << 2), os, R, bb, hasBias);
        }
      }
    }
  }
  dealloc(wpk);
  dealloc(toff);
  if (xp != x) dealloc(xp);
}

// ---- weight gradient: out [O, C/G, kh, kw] = Σ over (n, oy, ox) in order of gy · window(x) -------
// 4 window entries × 8 output channels per micro-kernel: the output gradient is repacked per
// chunk of images into rows of 8 channels ([positions][8], what the matmul packs from gRows), the
// window entries are read straight from x (no transposed columns). Partial sums live in a [K][8]
// block between chunks, stored and reloaded exactly (the matmul does the same between its k blocks).

const WG_CHUNK: i32 = 512; // positions per chunk: the chunk's panel (16 KiB) stays in L1

function wgrad4x8(xrow0: usize, panel: usize, acc: usize, t: usize, n0: i32, n1: i32, imgBytes: usize, oh: i32, ow: i32,
                  rowStep: usize, colStep: usize): void {
  const o0 = <usize>load<i32>(t), o1 = <usize>load<i32>(t, 4), o2 = <usize>load<i32>(t, 8), o3 = <usize>load<i32>(t, 12);
  let c00 = v128.load(acc), c01 = v128.load(acc, 16);
  let c10 = v128.load(acc, 32), c11 = v128.load(acc, 48);
  let c20 = v128.load(acc, 64), c21 = v128.load(acc, 80);
  let c30 = v128.load(acc, 96), c31 = v128.load(acc, 112);
  let bp = panel;
  for (let n = n0; n < n1; n++) {
    let row = xrow0 + <usize>n * imgBytes;
    for (let oy = 0; oy < oh; oy++) {
      let p = row;
      for (let ox = 0; ox < ow; ox++) {
        const b0 = v128.load(bp), b1 = v128.load(bp, 16);
        let s = v128.load32_splat(p + o0);
        c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
        s = v128.load32_splat(p + o1);
        c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
        s = v128.load32_splat(p + o2);
        c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
        s = v128.load32_splat(p + o3);
        c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
        bp += 32;
        p += colStep;
      }
      row += rowStep;
    }
  }
  v128.store(acc, c00); v128.store(acc, c01, 16);
  v128.store(acc, c10, 32); v128.store(acc, c11, 48);
  v128.store(acc, c20, 64); v128.store(acc, c21, 80);
  v128.store(acc, c30, 96); v128.store(acc, c31, 112);
}

// One window entry × 8 channels (the last K % 4 entries).
function wgrad1x8(xrow0: usize, panel: usize, acc: usize, t: usize, n0: i32, n1: i32, imgBytes: usize, oh: i32, ow: i32,
                  rowStep: usize, colStep: usize): void {
  const o0 = <usize>load<i32>(t);
  let c00 = v128.load(acc), c01 = v128.load(acc, 16);
  let bp = panel;
  for (let n = n0; n < n1; n++) {
    let row = xrow0 + <usize>n * imgBytes;
    for (let oy = 0; oy < oh; oy++) {
      let p = row;
      for (let ox = 0; ox < ow; ox++) {
        const s = v128.load32_splat(p + o0);
        c00 = f32x4.add(c00, f32x4.mul(s, v128.load(bp)));
        c01 = f32x4.add(c01, f32x4.mul(s, v128.load(bp, 16)));
        bp += 32;
        p += colStep;
      }
      row += rowStep;
    }
  }
  v128.store(acc, c00); v128.store(acc, c01, 16);
}

// dst[l][lane] = src[lane·L + l] for lane < w, 0 for the rest: 4 positions at a time through 4×4
// transposes (the rows of 8 channels the weight gradient's micro-kernel reads).
function packRows8(src: usize, L: i32, w: i32, dst: usize): void {
  const rb = <usize>L << 2;
  const z = f32x4.splat(0);
  let l = 0;
  for (; l + 4 <= L; l += 4) {
    const s = src + (<usize>l << 2);
    const d = dst + (<usize>l << 5);
    for (let h = 0; h < 2; h++) {
      const r = h * 4;
      const r0 = r < w ? v128.load(s + <usize>r * rb) : z;
      const r1 = r + 1 < w ? v128.load(s + <usize>(r + 1) * rb) : z;
      const r2 = r + 2 < w ? v128.load(s + <usize>(r + 2) * rb) : z;
      const r3 = r + 3 < w ? v128.load(s + <usize>(r + 3) * rb) : z;
      storeTransposed4x4(r0, r1, r2, r3, d + (<usize>h << 4), 32);
    }
  }
  for (; l < L; l++) {
    const d = dst + (<usize>l << 5);
    for (let lane = 0; lane < 8; lane++) {
      store<f32>(d + (<usize>lane << 2), lane < w ? load<f32>(src + (<usize>(lane * L + l) << 2)) : <f32>0);
    }
  }
}

/**
 * out [O, C/G, kh, kw] = Σ_{n, oy, ox} gy[n, o, oy, ox] · x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]
 * (zero outside x), each element summed over the positions in order.
 */
export function conv2d_wgrad_f32(x: usize, gy: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32, O: i32,
                                 kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  conv2d_wgrad_range_f32(x, gy, out, N, C, H, W, G, O, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, 1, 0, conv2d_wgrad_units(C, G, O, 1));
}

/** Work units of the weight gradient: (group, block of 8 output channels, one of S slices of window entries). */
export function conv2d_wgrad_units(C: i32, G: i32, O: i32, S: i32): i32 {
  return G * ((O / G + 7) >> 3) * S;
}

/**
 * conv2d_wgrad_f32's units u0 ≤ u < u1 only (the pool's pieces): unit u is (g, pb, s) with
 * u = (g·np + pb)·S + s; slice s holds window entries [s·ks, (s+1)·ks), ks a multiple of 4. Each
 * output element belongs to one unit and is summed there exactly as with S = 1 over all units
 * (its own accumulator lane, positions in order), so any cut gives the same bits.
 */
export function conv2d_wgrad_range_f32(x: usize, gy: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32, O: i32,
                                       kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32,
                                       S: i32, u0: i32, u1: i32): void {
  const Cg = C / G, Og = O / G, K = Cg * kh * kw;
  const ks = ((K + S - 1) / S + 3) & ~3;
  const Hp = max(H + ph, (oh - 1) * sh + (kh - 1) * dh + 1);
  const Wp = max(W + pw, (ow - 1) * sw + (kw - 1) * dw + 1);
  const xp = padded(x, N, C, H, W, ph, pw, Hp, Wp);
  const toff = tapOffsets(Cg, kh, kw, dh, dw, Hp, Wp);
  const L = oh * ow;
  const chunk = max(1, WG_CHUNK / L); // images per chunk
  const np = (Og + 7) >> 3;
  const panel = alloc(<usize>min(chunk, N) * <usize>L << 5);
  const acc = alloc(<usize>K << 5);
  const imgBytes = <usize>C * <usize>Hp * <usize>Wp << 2;
  const rowStep = <usize>(sh * Wp) << 2, colStep = <usize>sw << 2;
  for (let u = u0; u < u1; u++) {
    const g = u / (np * S), pb = (u / S) % np, ka = min(K, (u % S) * ks), kb = min(K, ka + ks);
    if (ka >= kb) continue;
    const xg = xp + (<usize>(g * Cg) * <usize>Hp * <usize>Wp << 2);
    {
      const j0 = g * Og + pb * 8;
      const w = min(8, Og - pb * 8);
      memory.fill(acc, 0, <usize>K << 5);
      for (let n0 = 0; n0 < N; n0 += chunk) {
        const n1 = min(N, n0 + chunk);
        // panel[(n - n0)·L + l][lane] = gy[n, j0 + lane, l] (lanes past w zero)
        let d = panel;
        for (let n = n0; n < n1; n++) {
          packRows8(gy + (<usize>(n * O + j0) * <usize>L << 2), L, w, d);
          d += <usize>L << 5;
        }
        let k = ka;
        for (; k + 4 <= kb; k += 4) {
          wgrad4x8(xg, panel, acc + (<usize>k << 5), toff + (<usize>k << 2), n0, n1, imgBytes, oh, ow, rowStep, colStep);
        }
        for (; k < kb; k++) {
          wgrad1x8(xg, panel, acc + (<usize>k << 5), toff + (<usize>k << 2), n0, n1, imgBytes, oh, ow, rowStep, colStep);
        }
      }
      // out[j0 + lane, k] = acc[k][lane]
      for (let lane = 0; lane < w; lane++) {
        const dst = out + (<usize>((j0 + lane) * K) << 2);
        for (let k = ka; k < kb; k++) store<f32>(dst + (<usize>k << 2), load<f32>(acc + (<usize>(k * 8 + lane) << 2)));
      }
    }
  }
  dealloc(acc);
  dealloc(panel);
  dealloc(toff);
  if (xp != x) dealloc(xp);
}

// ---- input gradient: gx [N, C, H, W] from gy [N, O, oh, ow] and w, stride 1 along the width ----
// The im2col path computes, per window entry r = (c, i, j) and output position p, the product
// t = Σ_o w[o, r]·gy[o, p] (o in order, from 0), then adds the t's onto gx in r order (col2imT).
// Here, per image, the t's of up to 4 consecutive window entries of one kernel row × 8 positions of
// one gy row are built at a time and added straight onto a zero-padded gx image. Each gx element must still receive its t's
// in r order: the entries of one element come from positions that fall (strictly, in (oy, ox) order)
// as r rises, so positions are walked from the last to the first and the 4 rows added in r order;
// blocks of entries follow one another. Adds that fall in the padding are dropped with it. gy rows
// are read 8 at a time from a copy padded to a multiple of 8, and the t's of those padding positions
// are masked off (a non-finite weight times a padding zero must not reach gx).

// One block of 4 window entries (R of them real) over all of one image's gy positions, last first.
// rt: per entry [byte offset of (plane c, column j·dw) in the padded gx image, i·dh].
// run: the 4 entries are (c, i, j..j+3) with dilation 1 along the width, so their adds land on one
// 11-column window shifted by one column each; they are then combined in registers (the t's shifted
// into place with +0 filling, which changes no sum: a sum from +0 is never −0) and the window is
// loaded and stored once, instead of four overlapping read-modify-writes that stall store forwarding.
function igradBlock4(gyn: usize, gs: usize, wt: usize, Og: i32, gx: usize, rt: usize, R: i32, rowB: usize, gyRowB: usize,
                     oh: i32, owq: i32, ow: i32, sh: i32, ph: i32, H: i32, run: bool): void {
  const lane = i32x4(0, 1, 2, 3);
  const off0 = <usize>load<i32>(rt), off1 = <usize>load<i32>(rt, 8), off2 = <usize>load<i32>(rt, 16), off3 = <usize>load<i32>(rt, 24);
  const d0 = load<i32>(rt, 4), d1 = load<i32>(rt, 12), d2 = load<i32>(rt, 20), d3 = load<i32>(rt, 28);
  for (let oy = oh - 1; oy >= 0; oy--) {
    const y0 = oy * sh - ph;
    const iy0 = y0 + d0, iy1 = y0 + d1, iy2 = y0 + d2, iy3 = y0 + d3;
    const ok0 = iy0 >= 0 && iy0 < H, ok1 = R > 1 && iy1 >= 0 && iy1 < H;
    const ok2 = R > 2 && iy2 >= 0 && iy2 < H, ok3 = R > 3 && iy3 >= 0 && iy3 < H;
    if (!(ok0 || ok1 || ok2 || ok3)) continue;
    for (let ox = owq - 8; ox >= 0; ox -= 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let gp = gyn + <usize>oy * gyRowB + (<usize>ox << 2), wp = wt;
      for (let o = 0; o < Og; o++) {
        const b0 = v128.load(gp), b1 = v128.load(gp, 16);
        let s = v128.load32_splat(wp);
        c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 4);
        c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 8);
        c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 12);
        c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
        gp += gs;
        wp += 16;
      }
      const masked = ox + 8 > ow;
      const col = gx + (<usize>ox << 2);
      if (run && !masked) {
        if (!ok0) continue; // one gx row for all four entries
        const p = col + off0 + <usize>iy0 * rowB;
        const z = f32x4.splat(0);
        let a = v128.load(p), b = v128.load(p, 16), c = v128.load(p, 32);
        a = f32x4.add(a, c00); b = f32x4.add(b, c01);
        a = f32x4.add(a, v128.shuffle<f32>(z, c10, 0, 4, 5, 6));
        b = f32x4.add(b, v128.shuffle<f32>(c10, c11, 3, 4, 5, 6));
        c = f32x4.add(c, v128.shuffle<f32>(c11, z, 3, 4, 4, 4));
        a = f32x4.add(a, v128.shuffle<f32>(z, c20, 0, 0, 4, 5));
        b = f32x4.add(b, v128.shuffle<f32>(c20, c21, 2, 3, 4, 5));
        c = f32x4.add(c, v128.shuffle<f32>(c21, z, 2, 3, 4, 4));
        a = f32x4.add(a, v128.shuffle<f32>(z, c30, 0, 0, 0, 4));
        b = f32x4.add(b, v128.shuffle<f32>(c30, c31, 1, 2, 3, 4));
        c = f32x4.add(c, v128.shuffle<f32>(c31, z, 1, 2, 3, 4));
        v128.store(p, a); v128.store(p, b, 16); v128.store(p, c, 32);
        continue;
      }
      const hi = i32x4.splat(ow - ox);
      const m0 = i32x4.lt_s(lane, hi), m1 = i32x4.lt_s(i32x4.add(lane, i32x4.splat(4)), hi);
      if (ok0) addRow(col + off0 + <usize>iy0 * rowB, c00, c01, masked, m0, m1);
      if (ok1) addRow(col + off1 + <usize>iy1 * rowB, c10, c11, masked, m0, m1);
      if (ok2) addRow(col + off2 + <usize>iy2 * rowB, c20, c21, masked, m0, m1);
      if (ok3) addRow(col + off3 + <usize>iy3 * rowB, c30, c31, masked, m0, m1);
    }
  }
}

@inline function addRow(p: usize, t0: v128, t1: v128, masked: bool, m0: v128, m1: v128): void {
  const a0 = v128.load(p), a1 = v128.load(p, 16);
  const s0 = f32x4.add(a0, t0), s1 = f32x4.add(a1, t1);
  v128.store(p, masked ? v128.bitselect(s0, a0, m0) : s0);
  v128.store(p, masked ? v128.bitselect(s1, a1, m1) : s1, 16);
}

// With 4 or more input channels per group: blocks of 4 channels (same window entry, different
// planes) × 8 positions of one gy row, window entries outermost, so each gx element gets its t's in
// order; the 4 rows' adds go to different planes (entries side by side in one block would add to
// overlapping columns one after another, which stalls store-to-load forwarding).
// t for 4 channels × 8 positions, for every gy row oy whose gx row iy = oy·sh − ph + i·dh is inside;
// added at gxr + iy·rowB (+ the column offset already in gxr), planes ps bytes apart.
function igradRows4(gyn: usize, gs: usize, wt: usize, Og: i32, gxr: usize, ps: usize, rowB: usize, gyRowB: usize,
                    oh: i32, owq: i32, ow: i32, sh: i32, ph: i32, idh: i32, H: i32): void {
  const lane = i32x4(0, 1, 2, 3);
  for (let oy = 0; oy < oh; oy++) {
    const iy = oy * sh - ph + idh;
    if (iy < 0 || iy >= H) continue;
    const dstRow = gxr + <usize>iy * rowB;
    for (let ox = 0; ox < owq; ox += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let gp = gyn + <usize>oy * gyRowB + (<usize>ox << 2), wp = wt;
      for (let o = 0; o < Og; o++) {
        const b0 = v128.load(gp), b1 = v128.load(gp, 16);
        let s = v128.load32_splat(wp);
        c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 4);
        c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 8);
        c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 12);
        c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
        gp += gs;
        wp += 16;
      }
      const d = dstRow + (<usize>ox << 2);
      const masked = ox + 8 > ow;
      const hi = i32x4.splat(ow - ox);
      const m0 = i32x4.lt_s(lane, hi), m1 = i32x4.lt_s(i32x4.add(lane, i32x4.splat(4)), hi);
      addRow(d, c00, c01, masked, m0, m1);
      addRow(d + ps, c10, c11, masked, m0, m1);
      addRow(d + 2 * ps, c20, c21, masked, m0, m1);
      addRow(d + 3 * ps, c30, c31, masked, m0, m1);
    }
  }
}

// The same for 2 channels (the last block when C/G % 4 is 1 or 2).
function igradRows2(gyn: usize, gs: usize, wt: usize, Og: i32, gxr: usize, ps: usize, rowB: usize, gyRowB: usize,
                    oh: i32, owq: i32, ow: i32, sh: i32, ph: i32, idh: i32, H: i32, R: i32): void {
  const lane = i32x4(0, 1, 2, 3);
  for (let oy = 0; oy < oh; oy++) {
    const iy = oy * sh - ph + idh;
    if (iy < 0 || iy >= H) continue;
    const dstRow = gxr + <usize>iy * rowB;
    for (let ox = 0; ox < owq; ox += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let gp = gyn + <usize>oy * gyRowB + (<usize>ox << 2), wp = wt;
      for (let o = 0; o < Og; o++) {
        const b0 = v128.load(gp), b1 = v128.load(gp, 16);
        let s = v128.load32_splat(wp);
        c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
        s = v128.load32_splat(wp, 4);
        c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
        gp += gs;
        wp += 16;
      }
      const d = dstRow + (<usize>ox << 2);
      const masked = ox + 8 > ow;
      const hi = i32x4.splat(ow - ox);
      const m0 = i32x4.lt_s(lane, hi), m1 = i32x4.lt_s(i32x4.add(lane, i32x4.splat(4)), hi);
      addRow(d, c00, c01, masked, m0, m1);
      if (R > 1) addRow(d + ps, c10, c11, masked, m0, m1);
    }
  }
}

function igradByChannels(gy: usize, w: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32, O: i32,
                                 kh: i32, kw: i32, sh: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  const Cg = C / G, Og = O / G, KK = kh * kw, K = Cg * KK;
  const owq = (ow + 7) & ~7;
  // gy rows padded with zeros to owq (gy itself when ow is a multiple of 8)
  let gyp = gy;
  if (owq != ow) {
    const bytes = <usize>N * <usize>O * <usize>oh * <usize>owq << 2;
    gyp = alloc(bytes);
    memory.fill(gyp, 0, bytes);
    const rows = N * O * oh;
    for (let r = 0; r < rows; r++) memory.copy(gyp + (<usize>(r * owq) << 2), gy + (<usize>(r * ow) << 2), <usize>ow << 2);
  }
  // one gx image with pw columns on the left and room on the right for every 8-wide add
  const Wx = max(W + pw, owq + (kw - 1) * dw);
  const rowB = <usize>Wx << 2, ps = <usize>H * rowB;
  const imgBytes = <usize>C * ps;
  const gxp = alloc(imgBytes);
  // weights per (i, j) and block of 4 input channels: [i·kw + j][cb][o][4], zero past Cg
  const ncb = (Cg + 3) >> 2;
  const wpk = alloc(<usize>KK * <usize>ncb * <usize>Og << 4);
  const gyRowB = <usize>owq << 2, gs = <usize>oh * gyRowB;
  for (let g = 0; g < G; g++) {
    for (let t = 0; t < KK; t++) {
      for (let cb = 0; cb < ncb; cb++) {
        for (let o = 0; o < Og; o++) {
          for (let l = 0; l < 4; l++) {
            const c = cb * 4 + l;
            const d = wpk + (<usize>(((t * ncb + cb) * Og + o) * 4 + l) << 2);
            store<f32>(d, c < Cg ? load<f32>(w + (<usize>((g * Og + o) * K + c * KK + t) << 2)) : <f32>0);
          }
        }
      }
    }
    for (let n = 0; n < N; n++) {
      const planes = gxp + <usize>(g * Cg) * ps;
      memory.fill(planes, 0, <usize>Cg * ps);
      const gyn = gyp + <usize>(n * O + g * Og) * gs;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          // gx column of output position ox: ox − pw + j·dw, i.e. ox + j·dw in the padded image
          const gxr = planes + (<usize>(j * dw) << 2);
          const wt = wpk + (<usize>((i * kw + j) * ncb) * <usize>Og << 4);
          for (let cb = 0; cb < ncb; cb++) {
            const R = min(4, Cg - cb * 4);
            const wb = wt + (<usize>(cb * Og) << 4);
            const gc = gxr + <usize>(cb * 4) * ps;
            if (R > 2) igradRows4(gyn, gs, wb, Og, gc, ps, rowB, gyRowB, oh, owq, ow, sh, ph, i * dh, H);
            else igradRows2(gyn, gs, wb, Og, gc, ps, rowB, gyRowB, oh, owq, ow, sh, ph, i * dh, H, R);
          }
        }
      }
      for (let c = 0; c < Cg; c++) {
        const src = planes + <usize>c * ps + (<usize>pw << 2);
        const dst = out + (<usize>((n * C + g * Cg + c) * H * W) << 2);
        for (let y = 0; y < H; y++) memory.copy(dst + (<usize>(y * W) << 2), src + <usize>y * rowB, <usize>W << 2);
      }
    }
  }
  dealloc(wpk);
  dealloc(gxp);
  if (gyp != gy) dealloc(gyp);
}

/**
 * gx [N, C, H, W] = Σ over window entries (c, i, j) in order of Σ_o w[o, c, i, j]·gy[n, o, oy, ox]
 * where (oy·sh − ph + i·dh, ox − pw + j·dw) = (y, x): the input gradient of a stride-(sh, 1) conv.
 */
export function conv2d_igrad_f32(gy: usize, w: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32, O: i32,
                                 kh: i32, kw: i32, sh: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32): void {
  const Cg = C / G, Og = O / G, K = Cg * kh * kw;
  if (Cg >= 4) {
    igradByChannels(gy, w, out, N, C, H, W, G, O, kh, kw, sh, ph, pw, dh, dw, oh, ow);
    return;
  }
  const owq = (ow + 7) & ~7;
  // gy rows padded with zeros to owq (gy itself when ow is a multiple of 8)
  let gyp = gy;
  if (owq != ow) {
    const bytes = <usize>N * <usize>O * <usize>oh * <usize>owq << 2;
    gyp = alloc(bytes);
    memory.fill(gyp, 0, bytes);
    const rows = N * O * oh;
    for (let r = 0; r < rows; r++) memory.copy(gyp + (<usize>(r * owq) << 2), gy + (<usize>(r * ow) << 2), <usize>ow << 2);
  }
  // one group's gx planes of an image, pw columns on the left and room on the right for every add
  const Wx = max(W + pw, owq + (kw - 1) * dw) + 4;
  const rowB = <usize>Wx << 2, ps = <usize>H * rowB;
  const gxp = alloc(<usize>Cg * ps);
  // blocks of up to 4 entries along each kernel row (c, i): j = 0..3, 4..7, ..., consecutive in r
  const jb = (kw + 3) >> 2, nrb = Cg * kh * jb;
  const wpk = alloc(<usize>nrb * <usize>Og << 4); // [rb][o][4], zero for missing entries
  const rt = alloc(<usize>nrb << 5); // per entry: byte offset of (plane c, column j·dw), i·dh
  const gyRowB = <usize>owq << 2, gs = <usize>oh * gyRowB;
  for (let rb = 0; rb < nrb; rb++) {
    const c = rb / (kh * jb), i = (rb / jb) % kh, j0 = (rb % jb) * 4;
    for (let l = 0; l < 4; l++) {
      const j = min(j0 + l, kw - 1);
      store<i32>(rt + (<usize>(rb * 4 + l) << 3), <i32>(<usize>c * ps) + ((j * dw) << 2));
      store<i32>(rt + (<usize>(rb * 4 + l) << 3), i * dh, 4);
    }
  }
  for (let g = 0; g < G; g++) {
    for (let rb = 0; rb < nrb; rb++) {
      const c = rb / (kh * jb), i = (rb / jb) % kh, j0 = (rb % jb) * 4;
      for (let o = 0; o < Og; o++) {
        for (let l = 0; l < 4; l++) {
          const r = (c * kh + i) * kw + j0 + l;
          store<f32>(wpk + (<usize>((rb * Og + o) * 4 + l) << 2), j0 + l < kw ? load<f32>(w + (<usize>((g * Og + o) * K + r) << 2)) : <f32>0);
        }
      }
    }
    for (let n = 0; n < N; n++) {
      memory.fill(gxp, 0, <usize>Cg * ps);
      const gyn = gyp + <usize>(n * O + g * Og) * gs;
      for (let rb = 0; rb < nrb; rb++) {
        const R = min(4, kw - (rb % jb) * 4);
        igradBlock4(gyn, gs, wpk + (<usize>(rb * Og) << 4), Og, gxp, rt + (<usize>rb << 5), R,
          rowB, gyRowB, oh, owq, ow, sh, ph, H, R == 4 && dw == 1);
      }
      for (let c = 0; c < Cg; c++) {
        const src = gxp + <usize>c * ps + (<usize>pw << 2);
        const dst = out + (<usize>((n * C + g * Cg + c) * H * W) << 2);
        for (let y = 0; y < H; y++) memory.copy(dst + (<usize>(y * W) << 2), src + <usize>y * rowB, <usize>W << 2);
      }
    }
  }
  dealloc(rt);
  dealloc(wpk);
  dealloc(gxp);
  if (gyp != gy) dealloc(gyp);
}
