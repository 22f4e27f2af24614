// The Trainer's detectNonFinite check: one read of every gradient of a fused optimizer group,
// made before the update so a NaN/Inf gradient is caught before any parameter changes.
// x - x is 0 for every finite x and NaN for ±Inf and NaN, so one add per lane accumulates it.
import { descGrad, descLen, f32At } from "./table";

/** Index of the first entry of the descriptor table whose gradient holds a NaN or ±Inf; -1 if none. */
export function optim_first_nonfinite(table: usize, count: i32): i32 {
  for (let i = 0; i < count; i++) {
    const g = descGrad(table, i), n = descLen(table, i);
    let a = f32x4.splat(0), b = f32x4.splat(0);
    const full8 = <usize>(n & ~7) << 2;
    let o: usize = 0;
    for (; o < full8; o += 32) {
      const x = v128.load(g + o), y = v128.load(g + o + 16);
      a = f32x4.add(a, f32x4.sub(x, x));
      b = f32x4.add(b, f32x4.sub(y, y));
    }
    a = f32x4.add(a, b);
    let s: f32 = f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
    for (let j = n & ~7; j < n; j++) {
      const x = f32At(g, j);
      s += x - x;
    }
    if (s != s) return i;
  }
  return -1;
}
