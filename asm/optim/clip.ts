// Gradient clipping reductions and in-place updates (torch.nn.utils.clip_grad_norm_ /
// clip_grad_value_). Reductions accumulate in float64 in index order, so every runtime
// gets the same bits; the JS side rounds each norm to float32 as torch's norm tensor is.
import { f32At, setF32 } from "./table";

const NORM_POW_SUM: i32 = 0, NORM_SQUARE_SUM: i32 = 1, NORM_ABS_MAX: i32 = 2,
  NORM_NONZERO_COUNT: i32 = 3, NORM_ABS_MIN: i32 = 4;

/** mode NORM_POW_SUM: Σ|x|^p; NORM_SQUARE_SUM: Σx²; NORM_ABS_MAX/MIN: max/min |x|; NORM_NONZERO_COUNT: #(x≠0). */
export function clip_norm_reduce(ptr: usize, n: i32, p: f64, mode: i32): f64 {
  let acc: f64 = mode == NORM_ABS_MIN ? Infinity : 0;
  for (let j = 0; j < n; j++) {
    const x = <f64>abs<f32>(f32At(ptr, j));
    if (mode == NORM_SQUARE_SUM) acc += x * x;
    else if (mode == NORM_POW_SUM) acc += Math.pow(x, p);
    else if (mode == NORM_ABS_MAX) acc = (x != x || acc != acc) ? NaN : max(acc, x);
    else if (mode == NORM_ABS_MIN) acc = (x != x || acc != acc) ? NaN : min(acc, x);
    else if (x != 0) acc += 1;
  }
  return acc;
}

/** x = x * c (float32), the clip coefficient multiply. */
export function clip_scale(ptr: usize, n: i32, c: f32): void {
  let j = 0;
  const cv = f32x4.splat(c);
  for (; j + 4 <= n; j += 4) {
    const a = ptr + (<usize>j << 2);
    v128.store(a, f32x4.mul(v128.load(a), cv));
  }
  for (; j < n; j++) setF32(ptr, j, f32At(ptr, j) * c);
}

/** x = clamp(x, lo, hi) as torch.clamp_ (NaN stays NaN). */
export function clip_clamp(ptr: usize, n: i32, lo: f32, hi: f32): void {
  for (let j = 0; j < n; j++) {
    const x = f32At(ptr, j);
    setF32(ptr, j, x != x ? x : min(max(x, lo), hi));
  }
}
