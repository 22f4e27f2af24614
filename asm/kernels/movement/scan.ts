// Cumsum over the middle axis of [outer, n, inner] (tf.cumsum's exclusive / reverse flags).
// float32 accumulates in float64 and rounds each output, as torch 1.13's CPU cumsum does
// (its accumulator is acc_type<float> = double); int32 wraps. Each column is summed in
// sequence order: a fixed order.

export function cumsum(isF32: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32, exclusive: bool, reverse: bool): void {
  const acc = heap.alloc(<usize>max(inner, 1) << 3);
  const rowB = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const base = <usize>o * <usize>n * rowB;
    for (let j = 0; j < inner; j++) {
      if (isF32) store<f64>(acc + (<usize>j << 3), 0); else store<i32>(acc + (<usize>j << 3), 0);
    }
    for (let s = 0; s < n; s++) {
      const k = reverse ? n - 1 - s : s;
      const src = x + base + <usize>k * rowB, dst = out + base + <usize>k * rowB;
      if (isF32) {
        for (let j = 0; j < inner; j++) {
          const a = acc + (<usize>j << 3), v = <f64>load<f32>(src + (<usize>j << 2));
          const sum = load<f64>(a) + v;
          store<f32>(dst + (<usize>j << 2), <f32>(exclusive ? load<f64>(a) : sum));
          store<f64>(a, sum);
        }
      } else {
        for (let j = 0; j < inner; j++) {
          const a = acc + (<usize>j << 3), v = load<i32>(src + (<usize>j << 2));
          const sum = load<i32>(a) + v;
          store<i32>(dst + (<usize>j << 2), exclusive ? load<i32>(a) : sum);
          store<i32>(a, sum);
        }
      }
    }
  }
  heap.free(acc);
}
