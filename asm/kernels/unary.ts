// Elementwise unary float32 kernels. Op codes must match ts/backend/kernels/op_codes.ts (UnaryOp).
// Every transcendental comes from AssemblyScript's Mathf/Math (compiled into this module), so
// results are bit-identical on every JavaScript engine.

import { erf64 } from "./erf";

const NEG: i32 = 0, ABS: i32 = 1, SIGN: i32 = 2, EXP: i32 = 3, LOG: i32 = 4, LOG1P: i32 = 5,
  SQRT: i32 = 6, RSQRT: i32 = 7, SQUARE: i32 = 8, TANH: i32 = 9, SIGMOID: i32 = 10, RELU: i32 = 11,
  LEAKY_RELU: i32 = 12, SOFTPLUS: i32 = 13, ERF: i32 = 14, FLOOR: i32 = 15, RECIPROCAL: i32 = 16,
  STEP: i32 = 17, CLIP: i32 = 18, ELU: i32 = 19, EXPM1: i32 = 20, CEIL: i32 = 21, ROUND: i32 = 22,
  SIN: i32 = 23, COS: i32 = 24, RELU6: i32 = 25;

@inline function scalarOp(op: i32, x: f32, p0: f32, p1: f32): f32 {
  switch (op) {
    case NEG: return -x;
    case ABS: return Mathf.abs(x);
    case SIGN: return x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : x));
    case EXP: return Mathf.exp(x);
    case LOG: return Mathf.log(x);
    case LOG1P: return Mathf.log1p(x);
    case SQRT: return Mathf.sqrt(x);
    case RSQRT: return <f32>1 / Mathf.sqrt(x);
    case SQUARE: return x * x;
    case TANH: return Mathf.tanh(x);
    case SIGMOID: return <f32>1 / (<f32>1 + Mathf.exp(-x));
    case RELU: return x < 0 ? 0 : x;                  // NaN passes through, as torch.relu
    case LEAKY_RELU: return x > 0 ? x : x * p0;
    case SOFTPLUS: return x > 20 ? x : Mathf.log1p(Mathf.exp(x)); // torch: threshold 20
    case ERF: return <f32>erf64(<f64>x);
    case FLOOR: return Mathf.floor(x);
    case RECIPROCAL: return <f32>1 / x;
    case STEP: return x != x ? x : (x > 0 ? 1 : p0);
    case CLIP: return min(max(x, p0), p1);
    case ELU: return x > 0 ? x : Mathf.exp(x) - 1;    // torch 1.13 CPU computes exp(x) - 1, not expm1
    case EXPM1: return Mathf.expm1(x);
    case CEIL: return Mathf.ceil(x);
    case ROUND: return nearest<f32>(x);               // half to even, as tf.round
    case SIN: return Mathf.sin(x);
    case COS: return Mathf.cos(x);
    default: return min(max(x, 0), 6);                // RELU6
  }
}

// Ops with an exact SIMD form (the same bits as scalarOp, NaN and ±0 included — except CLIP: a NaN
// through 4-lane min/max may come out with another sign than through the scalar ones on some
// engines, so the pool keeps one thread's 4-lane groups); false for the rest.
@inline function hasSimd(op: i32): bool {
  return op == NEG || op == ABS || op == SQRT || op == SQUARE || op == FLOOR || op == CEIL ||
    op == RECIPROCAL || op == CLIP || op == ROUND || op == RELU || op == LEAKY_RELU || op == STEP;
}

@inline function simdOp(op: i32, x: v128, p0: v128, p1: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQRT: return f32x4.sqrt(x);
    case SQUARE: return f32x4.mul(x, x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    case CLIP: return f32x4.min(f32x4.max(x, p0), p1);
    // x < 0 ? 0 : x — NaN and -0 kept, as the scalar form
    case RELU: return v128.bitselect(f32x4.splat(0), x, f32x4.lt(x, f32x4.splat(0)));
    case LEAKY_RELU: return v128.bitselect(x, f32x4.mul(x, p0), f32x4.gt(x, f32x4.splat(0)));
    // x != x ? x : (x > 0 ? 1 : p0)
    case STEP: return v128.bitselect(x, v128.bitselect(f32x4.splat(1), p0, f32x4.gt(x, f32x4.splat(0))), f32x4.ne(x, x));
    default: return f32x4.nearest(x);
  }
}

export function unary_f32(op: i32, x: usize, out: usize, n: i32, p0: f32, p1: f32): void {
  let i = 0;
  if (hasSimd(op)) {
    const v0 = f32x4.splat(p0), v1 = f32x4.splat(p1);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, simdOp(op, v128.load(x + o), v0, v1));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, scalarOp(op, load<f32>(x + o), p0, p1));
  }
}
