// Elementwise unary math; backward formulas as torch's derivatives.yaml writes them, in fulgur
// ops (so they differentiate again). Integer and bool inputs of the floating functions (exp,
// sin, sqrt, ...) give float32 results, as torch's.
import * as tf from "@tensorflow/tfjs-core";
import { recordOp } from "../graph.ts";
import { Tensor, type Operand } from "../tensor.ts";
import { resultType, toDtype } from "./dtype.ts";
import { constant, sumTo, whereMask } from "./grad_shape.ts";
import { add, div, mul, sub } from "./binary.ts";
import { FulgurRuntimeError } from "../../errors.ts";

const LN2 = Math.LN2, LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** Int/bool tensors of a floating function are computed in float32 (torch's promotion). */
const asFloat = (x: Tensor): Tensor => toDtype(x, "float32");

/** True when the active backend registers `kernel` (else a composition of registered ones is used). */
function hasKernel(kernel: string): boolean {
  return tf.getKernel(kernel, tf.getBackend()) !== undefined;
}

const zerosGrad = (x: Tensor): Tensor => constant(tf.zerosLike(x.value));

function refuseBool(x: Tensor, what: string): void {
  if (x.dtype === "bool") throw new FulgurRuntimeError(what);
}

export function neg(x: Tensor): Tensor {
  refuseBool(x, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  return recordOp("Neg", [x], tf.neg(x.value), (g) => [neg(g)], false);
}

/** A copy with its own tf.Tensor; the gradient passes through (torch clone). */
export function clone(x: Tensor): Tensor {
  return recordOp("Clone", [x], tf.clone(x.value), (g) => [g], false);
}

export function exp(x: Tensor): Tensor {
  x = asFloat(x);
  const out: Tensor = recordOp("Exp", [x], tf.exp(x.value), (g) => [mul(g, out)]);
  return out;
}

export function log(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Log", [x], tf.log(x.value), (g) => [div(g, x)]);
}

export function log1p(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Log1P", [x], tf.log1p(x.value), (g) => [div(g, add(x, 1))]);
}

/** torch.log2: log(x) / ln 2. */
export function log2(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Log2", [x], tf.div(tf.log(x.value), LN2), (g) => [div(g, mul(x, LN2))]);
}

/** torch.log10: log(x) / ln 10. */
export function log10(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Log10", [x], tf.div(tf.log(x.value), LN10), (g) => [div(g, mul(x, LN10))]);
}

/** torch.exp2: 2^x (through pow, exact at integers). */
export function exp2(x: Tensor): Tensor {
  x = asFloat(x);
  const out: Tensor = recordOp("Exp2", [x], tf.pow(tf.scalar(2), x.value), (g) => [mul(g, mul(out, LN2))]);
  return out;
}

export function expm1(x: Tensor): Tensor {
  x = asFloat(x);
  const out: Tensor = recordOp("Expm1", [x], tf.expm1(x.value), (g) => [mul(g, add(out, 1))]);
  return out;
}

export function sqrt(x: Tensor): Tensor {
  x = asFloat(x);
  // torch: g / (2 * result)
  const out: Tensor = recordOp("Sqrt", [x], tf.sqrt(x.value), (g) => [div(g, mul(out, 2))]);
  return out;
}

/** torch.rsqrt: 1/√x; backward −0.5 · g · result³. */
export function rsqrt(x: Tensor): Tensor {
  x = asFloat(x);
  const out: Tensor = recordOp("Rsqrt", [x], tf.rsqrt(x.value), (g) => [mul(mul(-0.5, g), mul(mul(out, out), out))]);
  return out;
}

/** torch.reciprocal: 1/x; backward −g · result². */
export function reciprocal(x: Tensor): Tensor {
  x = asFloat(x);
  const out: Tensor = recordOp("Reciprocal", [x], tf.reciprocal(x.value), (g) => [mul(neg(g), mul(out, out))]);
  return out;
}

export function square(x: Tensor): Tensor {
  if (x.dtype === "bool") x = toDtype(x, "int32");
  // torch square is pow(x, 2): g * (2 * x)
  return recordOp("Pow", [x], tf.square(x.value), (g) => [mul(g, mul(x, 2))]);
}

export function abs(x: Tensor): Tensor {
  refuseBool(x, `"abs_cpu" not implemented for 'Bool'`);
  // torch: g * sgn(x), sign(0) = 0
  // sign(x) as an op (zero derivative, connected to x as torch's sgn is)
  return recordOp("Abs", [x], tf.abs(x.value), (g) => [mul(g, sign(x))]);
}

/** sign has zero gradient everywhere (torch: zeros_like). */
export function sign(x: Tensor): Tensor {
  if (x.dtype === "bool") return clone(x);
  return recordOp("Sign", [x], tf.sign(x.value), () => [zerosGrad(x)], false);
}

export function sin(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Sin", [x], tf.sin(x.value), (g) => [mul(g, cos(x))]);
}

export function cos(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Cos", [x], tf.cos(x.value), (g) => [mul(g, neg(sin(x)))]);
}

/** torch.tan; sin/cos where the backend has no Tan kernel. Backward g · (1 + result²). */
export function tan(x: Tensor): Tensor {
  x = asFloat(x);
  const v = hasKernel("Tan") ? tf.tan(x.value) : tf.div(tf.sin(x.value), tf.cos(x.value));
  const out: Tensor = recordOp("Tan", [x], v, (g) => [mul(g, add(mul(out, out), 1))]);
  return out;
}

/** torch.asin (needs the backend's Asin kernel). Backward g / √(1 − x²). */
export function asin(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Asin", [x], tf.asin(x.value), (g) => [div(g, sqrt(sub(1, mul(x, x))))]);
}

/** torch.acos (needs the backend's Acos kernel). Backward −g / √(1 − x²). */
export function acos(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Acos", [x], tf.acos(x.value), (g) => [div(neg(g), sqrt(sub(1, mul(x, x))))]);
}

/** torch.atan (needs the backend's Atan kernel). Backward g / (x² + 1). */
export function atan(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Atan", [x], tf.atan(x.value), (g) => [div(g, add(mul(x, x), 1))]);
}

/** torch.sinh; (expm1(x) − expm1(−x)) / 2 where the backend has no Sinh kernel. */
export function sinh(x: Tensor): Tensor {
  x = asFloat(x);
  const xv = x.value;
  const v = hasKernel("Sinh") ? tf.sinh(xv) : tf.div(tf.sub(tf.expm1(xv), tf.expm1(tf.neg(xv))), 2);
  return recordOp("Sinh", [x], v, (g) => [mul(g, cosh(x))]);
}

/** torch.cosh; (eˣ + e⁻ˣ) / 2 where the backend has no Cosh kernel. */
export function cosh(x: Tensor): Tensor {
  x = asFloat(x);
  const xv = x.value;
  const v = hasKernel("Cosh") ? tf.cosh(xv) : tf.div(tf.add(tf.exp(xv), tf.exp(tf.neg(xv))), 2);
  return recordOp("Cosh", [x], v, (g) => [mul(g, sinh(x))]);
}

/** torch.erf; backward 2/√π · e^(−x²) · g. */
export function erf(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Erf", [x], tf.erf(x.value), (g) => [mul(mul(TWO_OVER_SQRT_PI, exp(neg(mul(x, x)))), g)]);
}

/** torch.erfc, computed as 1 − erf(x) (loses relative precision where erfc(x) is tiny, x ≳ 3). */
export function erfc(x: Tensor): Tensor {
  x = asFloat(x);
  return recordOp("Erfc", [x], tf.sub(1, tf.erf(x.value)), (g) => [mul(mul(-TWO_OVER_SQRT_PI, exp(neg(mul(x, x)))), g)]);
}

/** Rounding ops: integer tensors come back as copies; zero gradient (torch: zeros_like). */
function rounding(name: string, x: Tensor, f: (v: tf.Tensor) => tf.Tensor): Tensor {
  refuseBool(x, `"${name.toLowerCase()}_vml_cpu" not implemented for 'Bool'`);
  if (x.dtype !== "float32") return clone(x);
  return recordOp(name, [x], f(x.value), () => [zerosGrad(x)], false);
}

export const floor = (x: Tensor): Tensor => rounding("Floor", x, tf.floor);
export const ceil = (x: Tensor): Tensor => rounding("Ceil", x, tf.ceil);
/** torch.round: halves to even (as tfjs's Round). */
export const round = (x: Tensor): Tensor => rounding("Round", x, tf.round);
export const trunc = (x: Tensor): Tensor => rounding("Trunc", x, truncValue);

function truncValue(v: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sign(v), tf.floor(tf.abs(v)));
}

/** torch.frac: x − trunc(x); the gradient passes through. */
export function frac(x: Tensor): Tensor {
  if (x.dtype !== "float32") throw new FulgurRuntimeError(`"frac_cpu" not implemented for '${x.dtype === "int32" ? "Long" : "Bool"}'`);
  return recordOp("Frac", [x], tf.sub(x.value, truncValue(x.value)), (g) => [g], false);
}

/**
 * torch.clamp(input, min, max) with number or Tensor bounds (broadcast against input).
 * The gradient passes where min <= x <= max; a tensor bound gets it where it was chosen.
 */
export function clamp(x: Tensor, min: Operand | null = null, max: Operand | null = null): Tensor {
  if (min === null && max === null) throw new FulgurRuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const ops: Operand[] = [x];
  if (min !== null) ops.push(min);
  if (max !== null) ops.push(max);
  const dt = resultType(...ops);
  if (dt === "bool") throw new FulgurRuntimeError(`"clamp_cpu" not implemented for 'Bool'`);
  const xt = toDtype(x, dt);
  const lo = min === null ? null : toDtype(min, dt);
  const hi = max === null ? null : toDtype(max, dt);
  const xv = xt.value;
  let y = xv;
  if (lo !== null) y = tf.maximum(y, lo.value);
  if (hi !== null) y = tf.minimum(y, hi.value);
  if (y === xv) y = tf.clone(xv);
  const inputs = [xt, ...(lo ? [lo] : []), ...(hi ? [hi] : [])];
  return recordOp("Clamp", inputs, y, (g, needs) => {
    // nested where rather than logicalAnd: fewer kernels a backend must provide
    const zero = constant(tf.zerosLike(g.value));
    let out = g;
    if (hi !== null) out = whereMask(tf.lessEqual(xv, hi.value), out, zero);
    if (lo !== null) out = whereMask(tf.greaterEqual(xv, lo.value), out, zero);
    const grads: Array<Tensor | null> = [needs[0] ? sumTo(out, xt.shape) : null];
    // torch's clamp_backward_min_max: with both bounds, max wins where min > max
    if (lo !== null) {
      let hit = tf.less(xv, lo.value);
      if (hi !== null) hit = tf.logicalAnd(hit, tf.less(lo.value, hi.value));
      grads.push(needs[grads.length] ? sumTo(whereMask(hit, g, zero), lo.shape) : null);
    }
    if (hi !== null) {
      let hit = tf.greater(xv, hi.value);
      if (lo !== null) hit = tf.logicalOr(hit, tf.less(hi.value, lo.value));
      grads.push(needs[grads.length] ? sumTo(whereMask(hit, g, zero), hi.shape) : null);
    }
    return grads;
  });
}

/** torch.clip: alias of clamp. */
export const clip = clamp;

/** torch.nan_to_num: NaN → nan, +inf → posinf, −inf → neginf (defaults: 0 and float32's extremes). */
export function nanToNum(x: Tensor, nan = 0, posinf: number | null = null, neginf: number | null = null): Tensor {
  if (x.dtype !== "float32") return clone(x);
  const big = 3.4028234663852886e38;
  const xv = x.value;
  const v = tf.where(tf.isNaN(xv), tf.fill(xv.shape, nan),
    tf.where(tf.equal(xv, Infinity), tf.fill(xv.shape, posinf ?? big),
      tf.where(tf.equal(xv, -Infinity), tf.fill(xv.shape, neginf ?? -big), xv)));
  // torch: g · isfinite(self)
  return recordOp("NanToNum", [x], v, (g) => [whereMask(tf.isFinite(xv), g, zerosGrad(x))]);
}
