// Elementwise binary float32 kernels with numpy broadcasting.
// Op codes must match ts/backend/kernels/op_codes.ts (BinaryOp / CompareOp).
//
// Broadcasting is described by a meta block of i32s written by the JS side:
//   meta = [shape[0..nd), aStride[0..nd), bStride[0..nd)]   (element strides, 0 = broadcast)
// The innermost dimension is walked as a row; rows are located by decomposing the row index.

const ADD: i32 = 0, SUB: i32 = 1, MUL: i32 = 2, DIV: i32 = 3, MAX: i32 = 4, MIN: i32 = 5, POW: i32 = 6, SQDIFF: i32 = 7;
const GT: i32 = 0, GE: i32 = 1, LT: i32 = 2, LE: i32 = 3, EQ: i32 = 4, NE: i32 = 5;

@inline function scalarOp(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MAX: return max(x, y); // wasm f32.max propagates NaN like torch.maximum
    case MIN: return min(x, y);
    case POW: return Mathf.pow(x, y);
    default: { const d = x - y; return d * d; }
  }
}

@inline function simdOp(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    case MAX: return f32x4.max(x, y);
    case MIN: return f32x4.min(x, y);
    default: { const d = f32x4.sub(x, y); return f32x4.mul(d, d); }
  }
}

// One row of n outputs; sa/sb are the row's element strides (0 broadcasts).
function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let i = 0;
  if (op != POW) {
    if (sa == 1 && sb == 1) {
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(out + o, simdOp(op, v128.load(a + o), v128.load(b + o)));
      }
    } else if (sa == 1 && sb == 0) {
      const y = v128.load32_splat(b);
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(out + o, simdOp(op, v128.load(a + o), y));
      }
    } else if (sa == 0 && sb == 1) {
      const x = v128.load32_splat(a);
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(out + o, simdOp(op, x, v128.load(b + o)));
      }
    }
  }
  for (; i < n; i++) {
    const x = load<f32>(a + (<usize>(i * sa) << 2));
    const y = load<f32>(b + (<usize>(i * sb) << 2));
    store<f32>(out + (<usize>i << 2), scalarOp(op, x, y));
  }
}

@inline function compare(op: i32, x: f32, y: f32): bool {
  switch (op) {
    case GT: return x > y;
    case GE: return x >= y;
    case LT: return x < y;
    case LE: return x <= y;
    case EQ: return x == y;
    default: return x != y;
  }
}

function compareRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const x = load<f32>(a + (<usize>(i * sa) << 2));
    const y = load<f32>(b + (<usize>(i * sb) << 2));
    store<u8>(out + <usize>i, compare(op, x, y) ? 1 : 0);
  }
}

// Walks output elements [start, start + count) of the broadcast output, row piece by row piece;
// kind 0 = arithmetic (f32 out), 1 = compare (u8 out). Every element is computed by the same
// arithmetic wherever a piece starts (the SIMD and scalar paths agree bit for bit: no POW in
// SIMD), so the pool may cut the output anywhere and still give one thread's bits.
function broadcastWalk(kind: i32, op: i32, a: usize, b: usize, out: usize, nd: i32, meta: usize, start: i32, count: i32): void {
  const last = nd - 1;
  const n = load<i32>(meta + (<usize>last << 2));
  if (n == 0 || count <= 0) return;
  const sa = load<i32>(meta + (<usize>(nd + last) << 2));
  const sb = load<i32>(meta + (<usize>(2 * nd + last) << 2));
  const outElem: usize = kind == 0 ? 4 : 1;
  let r = start / n, c = start % n, left = count;
  while (left > 0) {
    // row index → coordinates (last dimension first) → input offsets
    let rem = r, offA = 0, offB = 0;
    for (let d = last - 1; d >= 0; d--) {
      const size = load<i32>(meta + (<usize>d << 2));
      const q = rem % size;
      rem /= size;
      offA += q * load<i32>(meta + (<usize>(nd + d) << 2));
      offB += q * load<i32>(meta + (<usize>(2 * nd + d) << 2));
    }
    const len = min(n - c, left);
    const pa = a + (<usize>(offA + c * sa) << 2), pb = b + (<usize>(offB + c * sb) << 2);
    const po = out + (<usize>r * <usize>n + <usize>c) * outElem;
    if (kind == 0) binaryRow(op, pa, sa, pb, sb, po, len);
    else compareRow(op, pa, sa, pb, sb, po, len);
    left -= len;
    r++;
    c = 0;
  }
}

@inline function outputSize(nd: i32, meta: usize): i32 {
  let total = 1;
  for (let d = 0; d < nd; d++) total *= load<i32>(meta + (<usize>d << 2));
  return total;
}

export function binary_f32(op: i32, a: usize, b: usize, out: usize, nd: i32, meta: usize): void {
  broadcastWalk(0, op, a, b, out, nd, meta, 0, outputSize(nd, meta));
}

export function compare_f32(op: i32, a: usize, b: usize, out: usize, nd: i32, meta: usize): void {
  broadcastWalk(1, op, a, b, out, nd, meta, 0, outputSize(nd, meta));
}

/** binary_f32 over output elements [start, start + count) only (a pool piece). */
export function binary_range_f32(op: i32, a: usize, b: usize, out: usize, nd: i32, meta: usize, start: i32, count: i32): void {
  broadcastWalk(0, op, a, b, out, nd, meta, start, count);
}

/** compare_f32 over output elements [start, start + count) only (a pool piece). */
export function compare_range_f32(op: i32, a: usize, b: usize, out: usize, nd: i32, meta: usize, start: i32, count: i32): void {
  broadcastWalk(1, op, a, b, out, nd, meta, start, count);
}
