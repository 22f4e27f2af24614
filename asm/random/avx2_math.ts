// torch 1.13's AVX2 build draws float32 normals with avx_mathfun.h's log256_ps / sincos256_ps
// (Cephes polynomials) compiled with FMA contraction. These are the same operations, lane by
// lane, with every contracted `a * b + c` as an exact fma32, so randn matches torch bit for bit.
import { fma32 } from "./fma";

const SQRTHF: f32 = <f32>0.707106781186547524;
const LOG_P0: f32 = <f32>7.0376836292e-2;
const LOG_P1: f32 = <f32>-1.1514610310e-1;
const LOG_P2: f32 = <f32>1.1676998740e-1;
const LOG_P3: f32 = <f32>-1.2420140846e-1;
const LOG_P4: f32 = <f32>1.4249322787e-1;
const LOG_P5: f32 = <f32>-1.6668057665e-1;
const LOG_P6: f32 = <f32>2.0000714765e-1;
const LOG_P7: f32 = <f32>-2.4999993993e-1;
const LOG_P8: f32 = <f32>3.3333331174e-1;
const LOG_Q1: f32 = <f32>-2.12194440e-4;
const LOG_Q2: f32 = <f32>0.693359375;

/** log256_ps for one positive lane (u1 = 1 - uniform lies in (0, 1]). */
export function log256(xin: f32): f32 {
  let x = max(xin, reinterpret<f32>(0x00800000));
  let imm0 = <i32>(reinterpret<u32>(x) >> 23);
  x = reinterpret<f32>((reinterpret<u32>(x) & ~0x7f800000) | reinterpret<u32>(<f32>0.5));
  imm0 -= 0x7f;
  let e = <f32>imm0 + <f32>1;
  const lt = x < SQRTHF;
  const tmp: f32 = lt ? x : 0;
  x = x - <f32>1;
  e = e - (lt ? <f32>1 : <f32>0);
  x = x + tmp;
  const z = x * x;
  let y = fma32(LOG_P0, x, LOG_P1);
  y = fma32(y, x, LOG_P2);
  y = fma32(y, x, LOG_P3);
  y = fma32(y, x, LOG_P4);
  y = fma32(y, x, LOG_P5);
  y = fma32(y, x, LOG_P6);
  y = fma32(y, x, LOG_P7);
  y = fma32(y, x, LOG_P8);
  y = y * x;
  y = fma32(y, z, e * LOG_Q1);
  y = fma32(-z, <f32>0.5, y);
  return fma32(e, LOG_Q2, x + y);
}

const FOPI: f32 = <f32>1.27323954473516;
const DP1: f32 = <f32>-0.78515625;
const DP2: f32 = <f32>-2.4187564849853515625e-4;
const DP3: f32 = <f32>-3.77489497744594108e-8;
const SIN_P0: f32 = <f32>-1.9515295891e-4;
const SIN_P1: f32 = <f32>8.3321608736e-3;
const SIN_P2: f32 = <f32>-1.6666654611e-1;
const COS_P0: f32 = <f32>2.443315711809948e-5;
const COS_P1: f32 = <f32>-1.388731625493765e-3;
const COS_P2: f32 = <f32>4.166664568298827e-2;

// sincos256_ps returns two lanes' worth; the pair is passed back through these globals.
export let sinOut: f32 = 0;
export let cosOut: f32 = 0;

export function sincos256(xin: f32): void {
  let signSin = reinterpret<u32>(xin) & 0x80000000;
  let x = abs(xin);
  let y = x * FOPI;
  let j = <i32>y; // cvttps: truncation
  j = (j + 1) & ~1;
  y = <f32>j;
  const swap = <u32>(j & 4) << 29;
  const polyCos = (j & 2) == 0;
  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const signCos = <u32>(~(j - 2) & 4) << 29;
  signSin ^= swap;
  const z = x * x;
  let yc = fma32(COS_P0, z, COS_P1);
  yc = fma32(yc, z, COS_P2);
  yc = yc * z;
  yc = fma32(yc, z, -(z * <f32>0.5));
  yc = yc + <f32>1;
  let ys = fma32(SIN_P0, z, SIN_P1);
  ys = fma32(ys, z, SIN_P2);
  ys = ys * z;
  ys = fma32(ys, x, x);
  const s = polyCos ? ys : yc;
  const c = polyCos ? yc : ys;
  sinOut = reinterpret<f32>(reinterpret<u32>(s) ^ signSin);
  cosOut = reinterpret<f32>(reinterpret<u32>(c) ^ signCos);
}
