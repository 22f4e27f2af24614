// Elementwise binary arithmetic with torch's broadcasting and dtype promotion; gradients summed
// back to each input's shape, written in fulgur ops (double backward works through them).
import * as tf from "@tensorflow/tfjs-core";
import { isWebGPUActive } from "../../gpu/webgpu.ts";
import { recordOp } from "../graph.ts";
import { Tensor, type Operand } from "../tensor.ts";
import { broadcastShapes } from "./broadcast.ts";
import { castValue, resultType, toDtype, type DType } from "./dtype.ts";
import { constant, sumTo, whereMask } from "./grad_shape.ts";
import { floor, log, neg, sqrt as sqrtOf, trunc } from "./unary.ts";
import { FulgurRuntimeError } from "../../errors.ts";

interface Prepared { x: Tensor; y: Tensor; dt: DType }

/** Both operands in the result dtype, after torch's broadcast check. */
function prepare(a: Operand, b: Operand, dt: DType = resultType(a, b)): Prepared {
  const x = toDtype(a, dt), y = toDtype(b, dt);
  broadcastShapes(x.shape, y.shape);
  return { x, y, dt };
}

/** Whether any element of a bool tf.Tensor is true (a host read: integer checks torch makes eagerly). */
function anyTrue(b: tf.Tensor): boolean {
  // WebGPU has no synchronous readback: the check is skipped there (the result is then undefined)
  if (isWebGPUActive()) return false;
  return b.size > 0 && tf.max(tf.reshape(tf.cast(b, "int32"), [-1])).dataSync()[0] === 1;
}

const isBool = (v: Operand): boolean => v instanceof Tensor && v.dtype === "bool";

/** torch.add(input, other, alpha=1). bool + bool is logical or (torch's bool add). */
export function add(a: Operand, b: Operand, alpha = 1): Tensor {
  if (alpha !== 1) b = mul(b, alpha);
  const { x, y, dt } = prepare(a, b);
  if (dt === "bool") return new Tensor(tf.logicalOr(x.value, y.value));
  return recordOp("Add", [x, y], tf.add(x.value, y.value), (g, needs) => [
    needs[0] ? sumTo(g, x.shape) : null,
    needs[1] ? sumTo(g, y.shape) : null,
  ], false);
}

/** torch.sub(input, other, alpha=1); refuses bool tensors with torch's message. */
export function sub(a: Operand, b: Operand, alpha = 1): Tensor {
  if (isBool(a) && isBool(b)) {
    throw new FulgurRuntimeError(
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  }
  if (isBool(a) || isBool(b)) {
    throw new FulgurRuntimeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
  if (alpha !== 1) b = mul(b, alpha);
  const { x, y } = prepare(a, b);
  return recordOp("Sub", [x, y], tf.sub(x.value, y.value), (g, needs) => [
    needs[0] ? sumTo(g, x.shape) : null,
    needs[1] ? sumTo(neg(g), y.shape) : null,
  ], false);
}

/** torch.mul; bool · bool is logical and. */
export function mul(a: Operand, b: Operand): Tensor {
  const { x, y, dt } = prepare(a, b);
  if (dt === "bool") return new Tensor(tf.logicalAnd(x.value, y.value));
  return recordOp("Mul", [x, y], tf.mul(x.value, y.value), (g, needs) => [
    needs[0] ? sumTo(mul(g, y), x.shape) : null,
    needs[1] ? sumTo(mul(g, x), y.shape) : null,
  ]);
}

/** div's roundingMode: "trunc", "floor" or null (true division). */
export type RoundingMode = "trunc" | "floor" | null;

/**
 * torch.div: true division (int / int → float), or rounded with roundingMode "trunc" / "floor"
 * (then integer inputs give an integer result, as torch).
 */
export function div(a: Operand, b: Operand, roundingMode: RoundingMode = null): Tensor {
  if (roundingMode === "floor" || roundingMode === "trunc") return roundedDiv(a, b, roundingMode, "Div");
  if (roundingMode !== null) {
    throw new FulgurRuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${roundingMode}'`);
  }
  const dt = resultType(a, b);
  const { x, y } = prepare(a, b, dt === "float32" ? dt : "float32");
  // torch: grad_self = g / other; grad_other = -g * ((self / other) / other)
  return recordOp("Div", [x, y], tf.div(x.value, y.value), (g, needs) => [
    needs[0] ? sumTo(div(g, y), x.shape) : null,
    needs[1] ? sumTo(mul(neg(g), div(div(x, y), y)), y.shape) : null,
  ]);
}

/**
 * a / b rounded toward zero or down; integers computed in float32 (exact below 2^24) and cast
 * back. torch: div with a rounding mode has a zero gradient; floor_divide has none (an error).
 */
function roundedDiv(a: Operand, b: Operand, mode: "trunc" | "floor", name: string): Tensor {
  const dt = resultType(a, b);
  if (dt === "bool") throw new FulgurRuntimeError(`"div_${mode}_cpu" not implemented for 'Bool'`);
  const { x, y } = prepare(a, b, "float32");
  if (dt === "int32" && anyTrue(tf.equal(y.value, 0))) throw new FulgurRuntimeError("ZeroDivisionError");
  const q = tf.div(x.value, y.value);
  const r = mode === "floor" ? tf.floor(q) : tf.mul(tf.sign(q), tf.floor(tf.abs(q)));
  const zeros = (g: Tensor, s: number[]) => sumTo(constant(tf.zerosLike(g.value)), s);
  return recordOp(name, [x, y], dt === "int32" ? tf.cast(r, "int32") : r, (g, needs) => {
    if (name === "FloorDivide") throw new FulgurRuntimeError("derivative for aten::floor_divide is not implemented");
    return [needs[0] ? zeros(g, x.shape) : null, needs[1] ? zeros(g, y.shape) : null];
  });
}

/** torch.floor_divide (torch ≥ 1.13 rounds down); not differentiable (torch: derivative not implemented). */
export function floorDivide(a: Operand, b: Operand): Tensor {
  return roundedDiv(a, b, "floor", "FloorDivide");
}

/**
 * torch.remainder: Python's modulus, the result takes the divisor's sign. Computed as
 * a − b·floor(a/b) in float32 (torch uses fmod; the two differ only where a/b rounds to an integer).
 */
export function remainder(a: Operand, b: Operand): Tensor {
  return modulus("Remainder", a, b, "floor");
}

/** torch.fmod: C's fmod, the result takes the dividend's sign (a − b·trunc(a/b)). */
export function fmod(a: Operand, b: Operand): Tensor {
  return modulus("Fmod", a, b, "trunc");
}

function modulus(name: string, a: Operand, b: Operand, mode: "floor" | "trunc"): Tensor {
  const dt = resultType(a, b);
  if (dt === "bool") throw new FulgurRuntimeError(`"${name.toLowerCase()}_cpu" not implemented for 'Bool'`);
  const { x, y } = prepare(a, b, "float32");
  if (dt === "int32" && anyTrue(tf.equal(y.value, 0))) throw new FulgurRuntimeError("ZeroDivisionError");
  const q = tf.div(x.value, y.value);
  const rq = mode === "floor" ? tf.floor(q) : tf.mul(tf.sign(q), tf.floor(tf.abs(q)));
  let r = tf.sub(x.value, tf.mul(y.value, rq));
  if (dt === "int32") r = tf.cast(tf.round(r), "int32");
  // torch: self: g; other: -g · (self / other rounded the same way)
  return recordOp(name, [x, y], r, (g, needs) => [
    needs[0] ? sumTo(g, x.shape) : null,
    needs[1] ? sumTo(mul(neg(g), mode === "floor" ? floor(div(x, y)) : trunc(div(x, y))), y.shape) : null,
  ]);
}

/** x ** e for a number or Tensor on either side (torch.pow). */
export function pow(a: Operand, e: Operand): Tensor {
  const dt = resultType(a, e);
  if (dt === "bool") throw new FulgurRuntimeError(`"pow" not implemented for 'Bool'`);
  if (typeof e === "number") {
    const x = toDtype(a, dt);
    if (dt === "int32") {
      if (e < 0) throw new FulgurRuntimeError("Integers to negative integer powers are not allowed.");
      return new Tensor(tf.cast(tf.round(tf.pow(tf.cast(x.value, "float32"), tf.scalar(e))), "int32"));
    }
    // torch pow_backward: e == 0 → zeros, else g * (e * x^(e-1))
    return recordOp("Pow", [x], tf.pow(x.value, tf.scalar(e)), (g) => [
      e === 0 ? constant(tf.zerosLike(x.value)) : mul(g, mul(e, pow(x, e - 1))),
    ]);
  }
  const { x, y } = prepare(a, e, dt);
  if (dt === "int32") {
    // integer powers: rounded (float32 pow may miss an exact integer by an ulp); a negative
    // exponent truncates 1/xⁿ toward zero, as torch's integer pow (0 unless |x| is 1)
    const pw = tf.pow(tf.cast(x.value, "float32"), tf.cast(y.value, "float32"));
    const truncated = tf.mul(tf.sign(pw), tf.floor(tf.abs(pw)));
    return new Tensor(tf.cast(tf.where(tf.less(y.value, 0), truncated, tf.round(pw)), "int32"));
  }
  const xv = x.value, yv = y.value;
  const out = recordOp("Pow", [x, y], tf.pow(xv, yv), (g, needs) => {
    const zero = constant(tf.zerosLike(out.value));
    // torch: g * (e * x^(e-1)), 0 where e == 0
    const gx = needs[0]
      ? sumTo(mul(g, whereMask(tf.equal(yv, 0), zero, mul(y, pow(x, sub(y, 1))))), x.shape)
      : null;
    // torch: g * (result * log(self)), with 0 where self == 0 and exponent >= 0
    const gy = needs[1]
      ? sumTo(mul(g, whereMask(tf.equal(xv, 0), whereMask(tf.greaterEqual(yv, 0), zero, mul(out, log(x))), mul(out, log(x)))), y.shape)
      : null;
    return [gx, gy];
  });
  return out;
}

/** Elementwise max; where equal, torch splits the gradient in half between both inputs. */
export function maximum(a: Operand, b: Operand): Tensor {
  return minMax("Maximum", a, b);
}

export function minimum(a: Operand, b: Operand): Tensor {
  return minMax("Minimum", a, b);
}

function minMax(name: "Maximum" | "Minimum", a: Operand, b: Operand): Tensor {
  const { x, y, dt } = prepare(a, b);
  const xv = x.value, yv = y.value;
  if (dt === "bool") return new Tensor(name === "Maximum" ? tf.logicalOr(xv, yv) : tf.logicalAnd(xv, yv));
  const wins = name === "Maximum" ? tf.greater : tf.less;
  const out = name === "Maximum" ? tf.maximum(xv, yv) : tf.minimum(xv, yv);
  return recordOp(name, [x, y], out, (g, needs) => {
    const half = mul(g, 0.5);
    const eq = tf.equal(xv, yv);
    const zero = constant(tf.zerosLike(g.value));
    const share = (first: tf.Tensor, second: tf.Tensor) => whereMask(wins(first, second), g, whereMask(eq, half, zero));
    return [
      needs[0] ? sumTo(share(xv, yv), x.shape) : null,
      needs[1] ? sumTo(share(yv, xv), y.shape) : null,
    ];
  });
}

/** torch.atan2(input, other): the angle of (other, input); float result. */
export function atan2(a: Operand, b: Operand): Tensor {
  const { x, y } = prepare(a, b, "float32");
  // torch: self: g · other / (self² + other²); other: g · −self / (self² + other²)
  return recordOp("Atan2", [x, y], tf.atan2(x.value, y.value), (g, needs) => {
    const r = add(mul(x, x), mul(y, y));
    return [
      needs[0] ? sumTo(mul(g, div(y, r)), x.shape) : null,
      needs[1] ? sumTo(mul(g, div(neg(x), r)), y.shape) : null,
    ];
  });
}

/** torch.hypot: √(a² + b²) (composed, so differentiable twice). */
export function hypot(a: Operand, b: Operand): Tensor {
  const { x, y } = prepare(a, b, "float32");
  return sqrtOf(add(mul(x, x), mul(y, y)));
}

/** torch.lerp(start, end, weight): torch's two-sided formula (exact at weight 0 and 1). */
export function lerp(start: Tensor, end: Tensor, weight: Operand): Tensor {
  const diff = sub(end, start);
  const w = weight instanceof Tensor ? weight : toDtype(weight, "float32");
  const low = tf.less(tf.abs(w.value), 0.5);
  return whereMask(low, add(start, mul(w, diff)), sub(end, mul(diff, sub(1, w))));
}

/** torch.addcmul(input, t1, t2, value=1): input + value · t1 · t2. */
export function addcmul(input: Tensor, t1: Operand, t2: Operand, value = 1): Tensor {
  return add(input, mul(mul(t1, t2), value));
}

/** torch.addcdiv(input, t1, t2, value=1): input + value · t1 / t2. */
export function addcdiv(input: Tensor, t1: Operand, t2: Operand, value = 1): Tensor {
  const q = div(t1, t2);
  return add(input, value === 1 ? q : mul(q, value));
}
