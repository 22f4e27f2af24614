// Tiled 2-D transpose of 4-byte elements: dst[a·dA + b] = src[a + b·sB] for a < rows,
// b < cols.
//
// Full 64×64 tiles go through a 16 KB buffer: 4×4 blocks are transposed in registers (four
// v128 loads, eight shuffles, four stores) into the buffer while each group of 4 source rows
// is read whole, then the buffer is stored as whole destination lines. So every source and
// destination cache line is touched once per tile — with power-of-two strides all of a
// tile's lines share one cache set, and any reuse would miss — and a tile's 128 pages are
// amortised over 4096 elements (TLB refills, not arithmetic, bound a 2048² transpose).
// Tiles are walked in 256×256 groups, destination rows outermost. The edges that do not
// fill a tile use the 4×4 blocks directly, and single elements at the very end.

const T: i32 = 64, S: i32 = 256;
const buf = memory.data(T * T * 4, 64);

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

/** 4×4 blocks straight to dst over a in [a0, a1), b in [b0, b1) (multiples of 4 apart). */
function blocks(src: usize, sBb: usize, dst: usize, dAb: usize, a0: i32, a1: i32, b0: i32, b1: i32): void {
  for (let a = a0; a < a1; a += 4) {
    for (let b = b0; b < b1; b += 4) {
      block4(src + (<usize>a << 2) + <usize>b * sBb, sBb, dst + <usize>a * dAb + (<usize>b << 2), dAb);
    }
  }
}

/** sB / dA in elements (the strides of src's b and dst's a). */
export function transposeTile32(src: usize, sB: i32, dst: usize, dA: i32, rows: i32, cols: i32): void {
  const sBb = <usize>sB << 2, dAb = <usize>dA << 2;
  const rowsT = rows - rows % T, colsT = cols - cols % T;
  const rows4 = rows & ~3, cols4 = cols & ~3;
  for (let A0 = 0; A0 < rowsT; A0 += S) {
    const aEnd = min(A0 + S, rowsT);
    for (let B0 = 0; B0 < colsT; B0 += S) {
      const bEnd = min(B0 + S, colsT);
      for (let a0 = A0; a0 < aEnd; a0 += T) {
        for (let b0 = B0; b0 < bEnd; b0 += T) {
          tile64(src + (<usize>a0 << 2) + <usize>b0 * sBb, sBb, dst + <usize>a0 * dAb + (<usize>b0 << 2), dAb);
        }
      }
    }
  }
  blocks(src, sBb, dst, dAb, 0, rowsT, colsT, cols4);
  blocks(src, sBb, dst, dAb, rowsT, rows4, 0, cols4);
  for (let a = 0; a < rows; a++) {
    const bStart = a < rows4 ? cols4 : 0;
    for (let b = bStart; b < cols; b++) {
      store<u32>(dst + <usize>a * dAb + (<usize>b << 2), load<u32>(src + (<usize>a << 2) + <usize>b * sBb));
    }
  }
}
