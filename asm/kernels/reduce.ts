// Reductions over the innermost `inner` elements of `outer` contiguous rows (the JS side
// transposes reduced axes innermost first). Op codes match ts/backend/kernels/op_codes.ts
// (ReduceOp). Sums run left to right in float64: a fixed order, so every engine agrees,
// and accurate enough to sit within float32 rounding of torch's pairwise sums.

const SUM: i32 = 0, MEAN: i32 = 1, MAX: i32 = 2, MIN: i32 = 3, PROD: i32 = 4;

export function reduce_f32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + (<usize>r * <usize>inner << 2);
    let res: f64;
    if (op == SUM || op == MEAN) {
      let s: f64 = 0;
      for (let i = 0; i < inner; i++) s += <f64>load<f32>(row + (<usize>i << 2));
      res = op == MEAN ? s / <f64>inner : s;
    } else if (op == PROD) {
      let p: f64 = 1;
      for (let i = 0; i < inner; i++) p *= <f64>load<f32>(row + (<usize>i << 2));
      res = p;
    } else {
      // max/min propagate NaN (wasm f32.max/min do), as torch.max/min do
      let m: f32 = load<f32>(row);
      for (let i = 1; i < inner; i++) {
        const v = load<f32>(row + (<usize>i << 2));
        m = op == MAX ? max(m, v) : min(m, v);
      }
      res = <f64>m;
    }
    store<f32>(out + (<usize>r << 2), <f32>res);
  }
}

/** Index of the first maximum (op 0) / minimum (op 1) of each row; a NaN wins, as in torch. */
export function argreduce_f32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + (<usize>r * <usize>inner << 2);
    let best: f32 = load<f32>(row);
    let bi = 0;
    if (best == best) {
      for (let i = 1; i < inner; i++) {
        const v = load<f32>(row + (<usize>i << 2));
        if (v != v) { bi = i; break; }
        if (op == 0 ? v > best : v < best) { best = v; bi = i; }
      }
    }
    store<i32>(out + (<usize>r << 2), bi);
  }
}
