// BatchNorm in training mode on x [N, C, S] (S = the spatial size), one channel at a time, in
// torch 1.13's CPU order (batch_norm_cpu_collect_stats_contiguous_impl / update_stats /
// batch_norm_cpu_contiguous_impl): the sum and the sum of squared deviations accumulate in f64
// over n then s; the mean is rounded to f32 before the deviations are taken; invstd =
// 1 / sqrt(var + eps) in f64 (var = var_sum / count in f32); y = x·alpha + beta with alpha = invstd·w, beta = b − mean·alpha in f32.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}

/** y, and per channel: mean, invstd and the unbiased variance (for running_var). w, b may be 0 (absent). */
export function batchnorm_train_f32(x: usize, w: usize, b: usize, y: usize, mean: usize, invstd: usize, unbiased: usize,
                                    N: i32, C: i32, S: i32, eps: f64): void {
  const count = <f64>N * <f64>S;
  for (let c = 0; c < C; c++) {
    let sum: f64 = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) sum += <f64>ld(x, base + s);
    }
    const m = <f32>(sum / count);
    let vs: f64 = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) {
        const d: f32 = ld(x, base + s) - m;
        vs += <f64>(d * d);
      }
    }
    // torch keeps var_sum in an f32 tensor and divides it by the count in f32
    const varSum = <f32>vs;
    const inv = <f32>(1.0 / Math.sqrt(<f64>(varSum / <f32>count) + eps));
    st(mean, c, m);
    st(invstd, c, inv);
    st(unbiased, c, varSum / <f32>(count - 1));
    const alpha: f32 = w == 0 ? inv : inv * ld(w, c);
    const beta: f32 = (b == 0 ? <f32>0 : ld(b, c)) - m * alpha;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) st(y, base + s, ld(x, base + s) * alpha + beta);
    }
  }
}

/**
 * Gradients of batchnorm_train_f32 (torch's batch_norm_cpu_backward, training branch):
 * per channel sum = Σ gy and dotp = Σ (x − mean)·gy in f64 (torch sums each image in f32 SIMD lanes
 * first: not reproduced); k = dotp·invstd²/count; gx = (gy − sum/count − (x − mean)·k)·invstd·w; gw = dotp·invstd; gb = sum.
 * gx, gw, gb may each be 0 (not needed); w may be 0 (no affine weight).
 */
export function batchnorm_train_grad_f32(x: usize, gy: usize, mean: usize, invstd: usize, w: usize,
                                         gx: usize, gw: usize, gb: usize, N: i32, C: i32, S: i32): void {
  const count = <f64>N * <f64>S;
  for (let c = 0; c < C; c++) {
    const m = ld(mean, c), inv = ld(invstd, c);
    let sum: f64 = 0, dotp: f64 = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) {
        const g = ld(gy, base + s);
        sum += <f64>g;
        dotp += <f64>((ld(x, base + s) - m) * g);
      }
    }
    if (gw != 0) st(gw, c, <f32>(dotp * <f64>inv));
    if (gb != 0) st(gb, c, <f32>sum);
    if (gx == 0) continue;
    // torch's f32 order: k = f32(dotp)·invstd·invstd / count; gx = ((gy − gmean) − (x − mean)·k)·invstd·w
    const k: f32 = <f32>dotp * inv * inv / <f32>count;
    const gmean = <f32>(sum / count);
    const wc: f32 = w == 0 ? <f32>1 : ld(w, c);
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) {
        const d: f32 = (ld(x, base + s) - m) * k;
        st(gx, base + s, (ld(gy, base + s) - gmean - d) * inv * wc);
      }
    }
  }
}
