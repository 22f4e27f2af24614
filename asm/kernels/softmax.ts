// Softmax / log-softmax over the last dimension of `rows` contiguous rows of `cols`.
// Shifted by the row max (as torch), exp in float32, the normaliser summed in float64.

function rowMax(row: usize, cols: i32): f32 {
  let m: f32 = load<f32>(row);
  for (let i = 1; i < cols; i++) m = max(m, load<f32>(row + (<usize>i << 2)));
  return m;
}

export function softmax_f32(x: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2;
    const xr = x + off, orow = out + off;
    const m = rowMax(xr, cols);
    let s: f64 = 0;
    for (let i = 0; i < cols; i++) {
      const e = Mathf.exp(load<f32>(xr + (<usize>i << 2)) - m);
      store<f32>(orow + (<usize>i << 2), e);
      s += <f64>e;
    }
    const sf = <f32>s;
    for (let i = 0; i < cols; i++) {
      const p = orow + (<usize>i << 2);
      store<f32>(p, load<f32>(p) / sf);
    }
  }
}

export function log_softmax_f32(x: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols << 2;
    const xr = x + off, orow = out + off;
    const m = rowMax(xr, cols);
    let s: f64 = 0;
    for (let i = 0; i < cols; i++) s += <f64>Mathf.exp(load<f32>(xr + (<usize>i << 2)) - m);
    const lse = Mathf.log(<f32>s);
    for (let i = 0; i < cols; i++) {
      const p = <usize>i << 2;
      store<f32>(orow + p, (load<f32>(xr + p) - m) - lse);
    }
  }
}
