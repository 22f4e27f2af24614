// Tiled 2-D transpose of 4-byte elements: dst[a·dA + b] = src[a + b·sB] for a < rows,
// b < cols. 4×4 blocks go through registers (four v128 loads, shuffles, four stores);
// 32×32 tiles keep both sides' lines in L1 while a tile is walked.

const T: i32 = 32;

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

/** sB / dA in elements (the strides of src's b and dst's a). */
export function transposeTile32(src: usize, sB: i32, dst: usize, dA: i32, rows: i32, cols: i32): void {
  const sBb = <usize>sB << 2, dAb = <usize>dA << 2;
  const rows4 = rows & ~3, cols4 = cols & ~3;
  for (let a0 = 0; a0 < rows4; a0 += T) {
    const aEnd = min(a0 + T, rows4);
    for (let b0 = 0; b0 < cols4; b0 += T) {
      const bEnd = min(b0 + T, cols4);
      for (let a = a0; a < aEnd; a += 4) {
        for (let b = b0; b < bEnd; b += 4) {
          block4(src + (<usize>a << 2) + <usize>b * sBb, sBb, dst + <usize>a * dAb + (<usize>b << 2), dAb);
        }
      }
    }
  }
  // ragged edges element by element
  for (let a = 0; a < rows; a++) {
    const bStart = a < rows4 ? cols4 : 0;
    for (let b = bStart; b < cols; b++) {
      store<u32>(dst + <usize>a * dAb + (<usize>b << 2), load<u32>(src + (<usize>a << 2) + <usize>b * sBb));
    }
  }
}
