// Tiled 2-D transpose of 4-byte elements: dst[a·dA + b] = src[a + b·sB] for a < rows,
// b < cols.
//
// Full 64×64 tiles go through a 16 KB buffer: 4×4 blocks are transposed in registers (four
// v128 loads, eight shuffles, four stores) into the buffer while each group of 4 source rows
// is read whole, then the buffer is stored as whole destination lines. So every source and
// destination cache line is touched once per tile — with power-of-two strides all of a
// tile's lines share one cache set, and any reuse would miss — and a tile's 128 pages are
// amortised over 4096 elements (TLB refills and miss latency, not arithmetic, bound a 2048²
// transpose). Tiles are walked in 512×512 groups, destination rows outermost (~4 % faster
// than 256×256). The tile grid starts where the source rows (a) and destination rows (b)
// reach a 64-byte boundary: heap tensors are only 16-byte aligned, and a grid off the lines
// makes every 256-byte run span 5 lines and splits a quarter of the v128 accesses (~14 %
// slower on 2048²). The strips outside the grid go through the same buffer in smaller
// tiles, single elements where fewer than 4 remain.
// The loop shapes matter beyond their arithmetic: V8 unrolls the fill loop so that each load
// instruction walks one source row line by line, which the stride prefetcher follows;
// variants that walked columns, or that V8 unrolled differently, ran 1.5-2× slower. Measured
// and slower (2026-12-02, bench/README.md): other tile shapes (32², 128×32 … 256×256, up to
// whole-row bands), direct 4×4 / 4×16 blocks without the buffer, touch-loads ahead of a tile,
// filling the next tile while storing the previous one, and memory.copy for the stores.
// The bound is the core's, not WASM's: C transposes built with -O3 -march=native (AVX 8×8 blocks,
// non-temporal stores, prefetch; bench/native/transpose.c) reach 28-34 % of memcpy on the bench
// machine, this kernel ~33 % of memory.copy — and this algorithm is the fastest of them in C too.

import { arenaActive, arenaAlloc } from "../../threads";

const T: i32 = 64, S: i32 = 512;
const BUF_BYTES: usize = <usize>(T * T * 4);
const bufStatic = memory.data(T * T * 4, 64);
// The tile buffer of this call: the static one on the main thread, a 64-byte aligned block of
// its arena on a pool worker (they share memory.data's address). A pointer read from a global
// runs as fast as the constant (measured on 2048², 1 thread).
let buf: usize = bufStatic;

@inline function block4(src: usize, sB: usize, dst: usize, dA: usize): void {
  // rows of src (b fixed) hold 4 consecutive a's
  const r0 = v128.load(src), r1 = v128.load(src + sB), r2 = v128.load(src + 2 * sB), r3 = v128.load(src + 3 * sB);
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); // a0b0 a0b1 a1b0 a1b1
  const t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); // a0b2 a0b3 a1b2 a1b3
  const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7); // a2b0 a2b1 a3b0 a3b1
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(dst + dA, i64x2.shuffle(t0, t1, 1, 3));
  v128.store(dst + 2 * dA, i64x2.shuffle(t2, t3, 0, 2));
  v128.store(dst + 3 * dA, i64x2.shuffle(t2, t3, 1, 3));
}

function tile64(s: usize, sBb: usize, d: usize, dAb: usize): void {
  const rowB: usize = <usize>T << 2;
  for (let q = 0; q < T; q += 4) {
    for (let p = 0; p < T; p += 4) {
      block4(s + (<usize>p << 2) + <usize>q * sBb, sBb, buf + <usize>p * rowB + (<usize>q << 2), rowB);
    }
  }
  for (let r = 0; r < T; r++) {
    const o = buf + <usize>r * rowB, t = d + <usize>r * dAb;
    for (let c: usize = 0; c < rowB; c += 64) {
      v128.store(t + c, v128.load(o + c));
      v128.store(t + c + 16, v128.load(o + c + 16));
      v128.store(t + c + 32, v128.load(o + c + 32));
      v128.store(t + c + 48, v128.load(o + c + 48));
    }
  }
}

/** A ta × tb tile (multiples of 4, at most T) through the buffer: the strips outside the grid. */
function tileN(s: usize, sBb: usize, d: usize, dAb: usize, ta: i32, tb: i32): void {
  const rowB: usize = <usize>T << 2;
  for (let q = 0; q < tb; q += 4) {
    for (let p = 0; p < ta; p += 4) {
      block4(s + (<usize>p << 2) + <usize>q * sBb, sBb, buf + <usize>p * rowB + (<usize>q << 2), rowB);
    }
  }
  const n = <usize>tb << 2;
  for (let r = 0; r < ta; r++) {
    const o = buf + <usize>r * rowB, t = d + <usize>r * dAb;
    for (let c: usize = 0; c < n; c += 16) v128.store(t + c, v128.load(o + c));
  }
}

/** a in [a0, a1), b in [b0, b1): tiles of up to T×T, single elements where fewer than 4 remain. */
function rect(src: usize, sBb: usize, dst: usize, dAb: usize, a0: i32, a1: i32, b0: i32, b1: i32): void {
  if (a1 <= a0 || b1 <= b0) return;
  const a4 = a0 + ((a1 - a0) & ~3), b4 = b0 + ((b1 - b0) & ~3);
  for (let a = a0; a < a4; a += T) {
    for (let b = b0; b < b4; b += T) {
      tileN(src + (<usize>a << 2) + <usize>b * sBb, sBb, dst + <usize>a * dAb + (<usize>b << 2), dAb, min(T, a4 - a), min(T, b4 - b));
    }
  }
  for (let a = a0; a < a1; a++) {
    for (let b = a < a4 ? b4 : b0; b < b1; b++) {
      store<u32>(dst + <usize>a * dAb + (<usize>b << 2), load<u32>(src + (<usize>a << 2) + <usize>b * sBb));
    }
  }
}

/** sB / dA in elements (the strides of src's b and dst's a). */
export function transposeTile32(src: usize, sB: i32, dst: usize, dA: i32, rows: i32, cols: i32): void {
  buf = arenaActive() ? (arenaAlloc(BUF_BYTES + 48) + 63) & ~(<usize>63) : bufStatic;
  const sBb = <usize>sB << 2, dAb = <usize>dA << 2;
  // elements until src (along a) and dst (along b) reach a 64-byte boundary
  const aS = min(<i32>((<usize>0 - src) & 63) >> 2, rows), bS = min(<i32>((<usize>0 - dst) & 63) >> 2, cols);
  const aE = aS + (rows - aS) / T * T, bE = bS + (cols - bS) / T * T;
  for (let A0 = aS; A0 < aE; A0 += S) {
    const aEnd = min(A0 + S, aE);
    for (let B0 = bS; B0 < bE; B0 += S) {
      const bEnd = min(B0 + S, bE);
      for (let a0 = A0; a0 < aEnd; a0 += T) {
        for (let b0 = B0; b0 < bEnd; b0 += T) {
          tile64(src + (<usize>a0 << 2) + <usize>b0 * sBb, sBb, dst + <usize>a0 * dAb + (<usize>b0 << 2), dAb);
        }
      }
    }
  }
  rect(src, sBb, dst, dAb, 0, aS, 0, cols);
  rect(src, sBb, dst, dAb, aE, rows, 0, cols);
  rect(src, sBb, dst, dAb, aS, aE, 0, bS);
  rect(src, sBb, dst, dAb, aS, aE, bE, cols);
}
