// Row reductions over the innermost `inner` elements of `outer` contiguous rows, for the
// Sum / Mean / Prod / Max / Min / All / Any / ArgMax / ArgMin kernels.
//
// float32 sums and products keep exactly the order of asm/kernels/reduce.ts's reduce_f32
// (each row left to right in float64, rows of CHUNKED_MIN or more in its fixed chunks) and so its bits; the speed comes from walking four
// rows at once (four independent chains), not from reordering a row. Max / min do not
// depend on order (wasm's max/min propagate NaN wherever it sits), so they run 4-wide.

import { CHUNKED_MIN, chunkedRow } from "../reduce";

const SUM: i32 = 0, MEAN: i32 = 1, MAX: i32 = 2, MIN: i32 = 3, PROD: i32 = 4;

@inline function fin(op: i32, s: f64, inner: i32): f32 {
  return <f32>(op == MEAN ? s / <f64>inner : s);
}

function maxminRow(isMax: bool, row: usize, inner: i32): f32 {
  let i = 0;
  let m: f32 = load<f32>(row);
  if (inner >= 8) {
    let v0 = v128.load(row), v1 = v128.load(row + 16);
    for (i = 8; i + 8 <= inner; i += 8) {
      const p = row + (<usize>i << 2);
      if (isMax) { v0 = f32x4.max(v0, v128.load(p)); v1 = f32x4.max(v1, v128.load(p + 16)); }
      else { v0 = f32x4.min(v0, v128.load(p)); v1 = f32x4.min(v1, v128.load(p + 16)); }
    }
    const v = isMax ? f32x4.max(v0, v1) : f32x4.min(v0, v1);
    const a = f32x4.extract_lane(v, 0), b = f32x4.extract_lane(v, 1), c = f32x4.extract_lane(v, 2), d = f32x4.extract_lane(v, 3);
    m = isMax ? max(max(a, b), max(c, d)) : min(min(a, b), min(c, d));
  } else i = 1;
  for (; i < inner; i++) {
    const x = load<f32>(row + (<usize>i << 2));
    m = isMax ? max(m, x) : min(m, x);
  }
  return m;
}

export function reduce_rows_f32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  const rowB = <usize>inner << 2;
  if (op == MAX || op == MIN) {
    for (let r = 0; r < outer; r++) store<f32>(out + (<usize>r << 2), maxminRow(op == MAX, x + <usize>r * rowB, inner));
    return;
  }
  if (inner >= CHUNKED_MIN) {
    for (let r = 0; r < outer; r++) store<f32>(out + (<usize>r << 2), chunkedRow(op, x + <usize>r * rowB, inner));
    return;
  }
  const isProd = op == PROD;
  const init: f64 = isProd ? 1 : 0;
  let r = 0;
  for (; r + 4 <= outer; r += 4) {
    const p0 = x + <usize>r * rowB, p1 = p0 + rowB, p2 = p1 + rowB, p3 = p2 + rowB;
    let s0 = init, s1 = init, s2 = init, s3 = init;
    if (isProd) {
      for (let i = 0; i < inner; i++) {
        const o = <usize>i << 2;
        s0 *= <f64>load<f32>(p0 + o); s1 *= <f64>load<f32>(p1 + o);
        s2 *= <f64>load<f32>(p2 + o); s3 *= <f64>load<f32>(p3 + o);
      }
    } else {
      for (let i = 0; i < inner; i++) {
        const o = <usize>i << 2;
        s0 += <f64>load<f32>(p0 + o); s1 += <f64>load<f32>(p1 + o);
        s2 += <f64>load<f32>(p2 + o); s3 += <f64>load<f32>(p3 + o);
      }
    }
    const q = out + (<usize>r << 2);
    store<f32>(q, fin(op, s0, inner)); store<f32>(q + 4, fin(op, s1, inner));
    store<f32>(q + 8, fin(op, s2, inner)); store<f32>(q + 12, fin(op, s3, inner));
  }
  for (; r < outer; r++) {
    const p = x + <usize>r * rowB;
    let s = init;
    if (isProd) for (let i = 0; i < inner; i++) s *= <f64>load<f32>(p + (<usize>i << 2));
    else for (let i = 0; i < inner; i++) s += <f64>load<f32>(p + (<usize>i << 2));
    store<f32>(out + (<usize>r << 2), fin(op, s, inner));
  }
}

/** int32 Sum / Prod (wrapping, as torch's int64 would for values that fit) / Max / Min. */
export function reduce_rows_i32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + (<usize>r * <usize>inner << 2);
    let a: i32 = op == PROD ? 1 : (op == SUM ? 0 : load<i32>(row));
    for (let i = op == SUM || op == PROD ? 0 : 1; i < inner; i++) {
      const v = load<i32>(row + (<usize>i << 2));
      if (op == SUM) a += v;
      else if (op == PROD) a *= v;
      else if (op == MAX) a = v > a ? v : a;
      else a = v < a ? v : a;
    }
    store<i32>(out + (<usize>r << 2), a);
  }
}

/** All (op 0) / Any (op 1) over bool rows (one byte per element) → bool. */
export function reduce_rows_bool(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + <usize>r * <usize>inner;
    let res: u8 = op == 0 ? 1 : 0;
    for (let i = 0; i < inner; i++) {
      const b = load<u8>(row + <usize>i) != 0;
      if (op == 0 && !b) { res = 0; break; }
      if (op == 1 && b) { res = 1; break; }
    }
    store<u8>(out + <usize>r, res);
  }
}

/** Index of the first maximum (op 0) / minimum (op 1) of each int32 row. */
export function argreduce_rows_i32(op: i32, x: usize, out: usize, outer: i32, inner: i32): void {
  for (let r = 0; r < outer; r++) {
    const row = x + (<usize>r * <usize>inner << 2);
    let best = load<i32>(row), bi = 0;
    for (let i = 1; i < inner; i++) {
      const v = load<i32>(row + (<usize>i << 2));
      if (op == 0 ? v > best : v < best) { best = v; bi = i; }
    }
    store<i32>(out + (<usize>r << 2), bi);
  }
}
