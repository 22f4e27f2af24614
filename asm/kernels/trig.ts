// Elementwise trigonometric and hyperbolic float32 kernels (tfjs's Tan, Asin, Acos, Atan, Sinh,
// Cosh, Atan2). Op codes must match ts/backend/kernels/trig_kernel.ts (TrigOp). Every function
// comes from AssemblyScript's Mathf (compiled into this module): the same bits on every engine.

const TAN: i32 = 0, ASIN: i32 = 1, ACOS: i32 = 2, ATAN: i32 = 3, SINH: i32 = 4, COSH: i32 = 5;

@inline function trigOp(op: i32, x: f32): f32 {
  switch (op) {
    case TAN: return Mathf.tan(x);
    case ASIN: return Mathf.asin(x);
    case ACOS: return Mathf.acos(x);
    case ATAN: return Mathf.atan(x);
    case SINH: return Mathf.sinh(x);
    default: return Mathf.cosh(x);
  }
}

export function trig_f32(op: i32, x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, trigOp(op, load<f32>(x + o)));
  }
}

/** atan2(a[i], b[i]) over two arrays of n elements (the caller broadcasts them first). */
export function atan2_f32(a: usize, b: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, Mathf.atan2(load<f32>(a + o), load<f32>(b + o)));
  }
}
