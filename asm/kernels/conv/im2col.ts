// im2col / col2im for convolution and pooling (data movement + one fixed-order sum).
// Layout of the columns: [G, N, oh*ow, Cg*kh*kw] — one row per output position, its window
// (channel of the group, kernel row, kernel column) contiguous, so a convolution is
// cols · weightᵀ with the long dimension (N·oh·ow) as the matmul's M: the 4×8 micro-kernel
// then streams rows of cols directly and packs only the small weight.

// Fills cols from x [N, C, H, W]; window entries outside the input get `pad`. Output is
// written in order; a window row inside the input with dilation 1 is copied 4 floats at a time.
export function im2col_f32(x: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32,
                           kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
                           oh: i32, ow: i32, pad: f32): void {
  const Cg = C / G;
  const kw4 = dw == 1 ? kw & ~3 : 0;
  let o = out;
  for (let g = 0; g < G; g++) {
    for (let n = 0; n < N; n++) {
      const base = x + (<usize>((n * C + g * Cg) * H * W) << 2);
      for (let oy = 0; oy < oh; oy++) {
        const y0 = oy * sh - ph;
        for (let ox = 0; ox < ow; ox++) {
          const x0 = ox * sw - pw;
          // whole window inside the rows: no column test per entry
          const inside = x0 >= 0 && x0 + (kw - 1) * dw < W;
          for (let c = 0; c < Cg; c++) {
            const plane = base + (<usize>(c * H * W) << 2);
            for (let i = 0; i < kh; i++) {
              const iy = y0 + i * dh;
              if (iy < 0 || iy >= H) {
                for (let j = 0; j < kw; j++) { store<f32>(o, pad); o += 4; }
                continue;
              }
              const row = plane + (<usize>(iy * W + x0) << 2);
              if (inside) {
                let j = 0;
                for (; j < kw4; j += 4) { v128.store(o, v128.load(row + (<usize>j << 2))); o += 16; }
                for (; j < kw; j++) {
                  store<f32>(o, load<f32>(row + (<usize>(j * dw) << 2)));
                  o += 4;
                }
              } else {
                for (let j = 0; j < kw; j++) {
                  const ix = x0 + j * dw;
                  store<f32>(o, ix >= 0 && ix < W ? load<f32>(row + (<usize>(j * dw) << 2)) : pad);
                  o += 4;
                }
              }
            }
          }
        }
      }
    }
  }
}

// The adjoint: out [N, C, H, W] = Σ of every column entry over the input element it was read
// from (entries in the padding are dropped). Fixed order: columns in memory order.
export function col2im_f32(cols: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32,
                           kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
                           oh: i32, ow: i32): void {
  memory.fill(out, 0, <usize>N * <usize>C * <usize>H * <usize>W << 2);
  const Cg = C / G;
  let o = cols;
  for (let g = 0; g < G; g++) {
    for (let n = 0; n < N; n++) {
      const base = out + (<usize>((n * C + g * Cg) * H * W) << 2);
      for (let oy = 0; oy < oh; oy++) {
        const y0 = oy * sh - ph;
        for (let ox = 0; ox < ow; ox++) {
          const x0 = ox * sw - pw;
          for (let c = 0; c < Cg; c++) {
            const plane = base + (<usize>(c * H * W) << 2);
            for (let i = 0; i < kh; i++) {
              const iy = y0 + i * dh;
              if (iy < 0 || iy >= H) { o += <usize>kw << 2; continue; }
              const row = plane + (<usize>(iy * W + x0) << 2);
              for (let j = 0; j < kw; j++) {
                const ix = x0 + j * dw;
                if (ix >= 0 && ix < W) {
                  const p = row + (<usize>(j * dw) << 2);
                  store<f32>(p, load<f32>(p) + load<f32>(o));
                }
                o += 4;
              }
            }
          }
        }
      }
    }
  }
}

// UnsortedSegmentSum: out[ids[r], :] += x[r, :] for r in order (ids outside [0, segments) dropped).
export function segment_sum_f32(x: usize, ids: usize, out: usize, rows: i32, inner: i32, segments: i32): void {
  memory.fill(out, 0, <usize>segments * <usize>inner << 2);
  for (let r = 0; r < rows; r++) {
    const s = load<i32>(ids + (<usize>r << 2));
    if (s < 0 || s >= segments) continue;
    const src = x + (<usize>(r * inner) << 2);
    const dst = out + (<usize>(s * inner) << 2);
    for (let k = 0; k < inner; k++) {
      const p = dst + (<usize>k << 2);
      store<f32>(p, load<f32>(p) + load<f32>(src + (<usize>k << 2)));
    }
  }
}

// The columns transposed: [G, Cg*kh*kw, N*oh*ow] (one row per window entry, output positions
// contiguous) — the weight gradient's left operand, so that product packs only the small output
// gradient. Runs along output columns: for stride 1 each run is one memory.copy.
export function im2colT_f32(x: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32,
                            kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
                            oh: i32, ow: i32): void {
  const Cg = C / G;
  let o = out;
  for (let g = 0; g < G; g++) {
    for (let c = 0; c < Cg; c++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const off = j * dw - pw; // ix = ox*sw + off
          // output columns whose ix lies inside [0, W)
          let lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
          let hi = W - 1 - off < 0 ? 0 : (W - 1 - off) / sw + 1;
          if (lo > ow) lo = ow;
          if (hi > ow) hi = ow;
          if (hi < lo) hi = lo;
          for (let n = 0; n < N; n++) {
            const plane = x + (<usize>((n * C + g * Cg + c) * H * W) << 2);
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * sh - ph + i * dh;
              if (iy < 0 || iy >= H) {
                memory.fill(o, 0, <usize>ow << 2);
                o += <usize>ow << 2;
                continue;
              }
              if (lo > 0) memory.fill(o, 0, <usize>lo << 2);
              const row = plane + (<usize>(iy * W + off) << 2);
              if (sw == 1) {
                memory.copy(o + (<usize>lo << 2), row + (<usize>lo << 2), <usize>(hi - lo) << 2);
              } else {
                for (let ox = lo; ox < hi; ox++) {
                  store<f32>(o + (<usize>ox << 2), load<f32>(row + (<usize>(ox * sw) << 2)));
                }
              }
              if (hi < ow) memory.fill(o + (<usize>hi << 2), 0, <usize>(ow - hi) << 2);
              o += <usize>ow << 2;
            }
          }
        }
      }
    }
  }
}

// The adjoint of im2colT_f32: transposed columns [G, Cg*kh*kw, N*oh*ow] summed back onto
// out [N, C, H, W] (padding entries dropped). Fixed order: column rows in memory order; for
// stride 1 each run is a SIMD add of contiguous floats (lane-wise, so the order per element
// is unchanged).
export function col2imT_f32(cols: usize, out: usize, N: i32, C: i32, H: i32, W: i32, G: i32,
                            kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
                            oh: i32, ow: i32): void {
  memory.fill(out, 0, <usize>N * <usize>C * <usize>H * <usize>W << 2);
  const Cg = C / G;
  let o = cols;
  for (let g = 0; g < G; g++) {
    for (let c = 0; c < Cg; c++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const off = j * dw - pw;
          let lo = off >= 0 ? 0 : (-off + sw - 1) / sw;
          let hi = W - 1 - off < 0 ? 0 : (W - 1 - off) / sw + 1;
          if (lo > ow) lo = ow;
          if (hi > ow) hi = ow;
          if (hi < lo) hi = lo;
          for (let n = 0; n < N; n++) {
            const plane = out + (<usize>((n * C + g * Cg + c) * H * W) << 2);
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * sh - ph + i * dh;
              if (iy >= 0 && iy < H) {
                const row = plane + (<usize>(iy * W + off) << 2);
                if (sw == 1) {
                  let ox = lo;
                  for (; ox + 4 <= hi; ox += 4) {
                    const p = row + (<usize>ox << 2);
                    v128.store(p, f32x4.add(v128.load(p), v128.load(o + (<usize>ox << 2))));
                  }
                  for (; ox < hi; ox++) {
                    const p = row + (<usize>ox << 2);
                    store<f32>(p, load<f32>(p) + load<f32>(o + (<usize>ox << 2)));
                  }
                } else {
                  for (let ox = lo; ox < hi; ox++) {
                    const p = row + (<usize>(ox * sw) << 2);
                    store<f32>(p, load<f32>(p) + load<f32>(o + (<usize>ox << 2)));
                  }
                }
              }
              o += <usize>ow << 2;
            }
          }
        }
      }
    }
  }
}
