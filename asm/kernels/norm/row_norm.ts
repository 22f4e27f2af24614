// LayerNorm and GroupNorm: x is R rows of D values; each row has its own mean and rstd. A row is
// D/S channels of S positions; the affine parameters of row r, channel j are w[(r % G)·(D/S) + j]
// (LayerNorm: G = 1, S = 1, one parameter per position; GroupNorm: rows are (n, group), S = H·W).
// Statistics: two passes in f64 over the row in order (torch uses a vectorised Welford in f32; f64
// two-pass is at least as close to the exact value and has one fixed order). rstd =
// 1 / sqrt(max(var, 0) + eps). Output in torch 1.13's f32 order: LayerNorm
// (x·rstd + (−rstd·mean))·w + b; GroupNorm x·scale + bias with scale = rstd·w, bias = −scale·mean + b.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}

/** y, mean [R], rstd [R]. w, b may be 0 (absent). groupOrder: 1 for GroupNorm's output order. */
export function rownorm_f32(x: usize, w: usize, b: usize, y: usize, mean: usize, rstd: usize,
                            R: i32, D: i32, G: i32, S: i32, eps: f64, groupOrder: i32): void {
  const nch = D / S;
  for (let r = 0; r < R; r++) {
    const base = r * D;
    let sum: f64 = 0;
    for (let i = 0; i < D; i++) sum += <f64>ld(x, base + i);
    const mu = sum / <f64>D;
    let vs: f64 = 0;
    for (let i = 0; i < D; i++) {
      const d = <f64>ld(x, base + i) - mu;
      vs += d * d;
    }
    const m = <f32>mu;
    const rs = <f32>(1.0 / Math.sqrt(max(vs / <f64>D, 0) + eps));
    st(mean, r, m);
    st(rstd, r, rs);
    const p0 = (r % G) * nch;
    if (groupOrder != 0) {
      for (let j = 0; j < nch; j++) {
        const scale: f32 = w == 0 ? rs : rs * ld(w, p0 + j);
        const bias: f32 = -scale * m + (b == 0 ? <f32>0 : ld(b, p0 + j));
        const at = base + j * S;
        for (let s = 0; s < S; s++) st(y, at + s, scale * ld(x, at + s) + bias);
      }
    } else {
      const shift: f32 = -rs * m;
      for (let j = 0; j < nch; j++) {
        const wj: f32 = w == 0 ? <f32>1 : ld(w, p0 + j);
        const bj: f32 = b == 0 ? <f32>0 : ld(b, p0 + j);
        const at = base + j * S;
        for (let s = 0; s < S; s++) st(y, at + s, (ld(x, at + s) * rs + shift) * wj + bj);
      }
    }
  }
}

/**
 * Gradients of rownorm_f32. Per row, with xhat = (x − mean)·rstd and gxhat = gy·w:
 * gx = rstd·(gxhat − mean(gxhat) − xhat·mean(gxhat·xhat)) (row sums in f64, in order);
 * gw[p] = Σ gy·xhat and gb[p] = Σ gy over every row and position of parameter p (f64, rows in
 * order). gx, gw, gb may each be 0 (not needed); w may be 0. P = the number of parameters.
 */
export function rownorm_grad_f32(x: usize, gy: usize, mean: usize, rstd: usize, w: usize,
                                 gx: usize, gw: usize, gb: usize, R: i32, D: i32, G: i32, S: i32, P: i32): void {
  const nch = D / S;
  const needP = gw != 0 || gb != 0;
  // f64 accumulators for gw, gb (16 bytes per parameter), released at the end
  const acc: usize = needP ? heap.alloc(<usize>P << 4) : 0;
  if (needP) memory.fill(acc, 0, <usize>P << 4);
  for (let r = 0; r < R; r++) {
    const base = r * D;
    const m = ld(mean, r), rs = ld(rstd, r);
    const p0 = (r % G) * nch;
    let s1: f64 = 0, s2: f64 = 0;
    for (let j = 0; j < nch; j++) {
      const wj: f64 = w == 0 ? 1.0 : <f64>ld(w, p0 + j);
      let a1: f64 = 0, a2: f64 = 0;
      const at = base + j * S;
      for (let s = 0; s < S; s++) {
        const g = <f64>ld(gy, at + s);
        const xh = (<f64>ld(x, at + s) - <f64>m) * <f64>rs;
        a1 += g;
        a2 += g * xh;
      }
      s1 += a1 * wj;
      s2 += a2 * wj;
      if (needP) {
        const q = acc + (<usize>(p0 + j) << 4);
        store<f64>(q, load<f64>(q) + a2);
        store<f64>(q + 8, load<f64>(q + 8) + a1);
      }
    }
    if (gx == 0) continue;
    const c1 = s1 / <f64>D, c2 = s2 / <f64>D;
    for (let j = 0; j < nch; j++) {
      const wj: f64 = w == 0 ? 1.0 : <f64>ld(w, p0 + j);
      const at = base + j * S;
      for (let s = 0; s < S; s++) {
        const xh = (<f64>ld(x, at + s) - <f64>m) * <f64>rs;
        st(gx, at + s, <f32>(<f64>rs * (<f64>ld(gy, at + s) * wj - c1 - xh * c2)));
      }
    }
  }
  if (needP) {
    for (let p = 0; p < P; p++) {
      const q = acc + (<usize>p << 4);
      if (gw != 0) st(gw, p, <f32>load<f64>(q));
      if (gb != 0) st(gb, p, <f32>load<f64>(q + 8));
    }
    heap.free(acc);
  }
}
