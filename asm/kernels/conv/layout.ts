// The two layouts a convolution's matmul meets: rows [G, N, L, Og] (one row per output position,
// the matmul's natural output) and channels-first [N, G·Og, L] (torch's NCHW). A generic transpose
// is slow for these shapes (a short inner dimension); these loops write contiguously.

// out [N, G, Og, L] = rows [G, N, L, Og] (+ bias[g·Og + o] when bias != 0)
export function rows_to_nchw_f32(rows: usize, bias: usize, out: usize, G: i32, N: i32, L: i32, Og: i32): void {
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < G; g++) {
      const src = rows + (<usize>((g * N + n) * L * Og) << 2);
      for (let o = 0; o < Og; o++) {
        const b: f32 = bias != 0 ? load<f32>(bias + (<usize>(g * Og + o) << 2)) : 0;
        const dst = out + (<usize>(((n * G + g) * Og + o) * L) << 2);
        let s = src + (<usize>o << 2);
        const step = <usize>Og << 2;
        if (bias != 0) {
          for (let l = 0; l < L; l++) { store<f32>(dst + (<usize>l << 2), load<f32>(s) + b); s += step; }
        } else {
          for (let l = 0; l < L; l++) { store<f32>(dst + (<usize>l << 2), load<f32>(s)); s += step; }
        }
      }
    }
  }
}

// out [G, N, L, Og] = x [N, G, Og, L]
export function nchw_to_rows_f32(x: usize, out: usize, G: i32, N: i32, L: i32, Og: i32): void {
  for (let g = 0; g < G; g++) {
    for (let n = 0; n < N; n++) {
      const src = x + (<usize>((n * G + g) * Og * L) << 2);
      const dst = out + (<usize>((g * N + n) * L * Og) << 2);
      for (let o = 0; o < Og; o++) {
        let s = src + (<usize>(o * L) << 2);
        let d = dst + (<usize>o << 2);
        const step = <usize>Og << 2;
        for (let l = 0; l < L; l++) { store<f32>(d, load<f32>(s)); s += 4; d += step; }
      }
    }
  }
}
