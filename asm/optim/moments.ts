// Elementwise steps that several torch 1.13 _single_tensor_* optimizers share, as 4-lane f32 ops
// in torch's op order (each op rounds to float32, no FMA), operands in the order the kernels
// always used.

/** maximize: grad = -grad. */
@inline export function maximized(g: v128, maximize: bool): v128 {
  return maximize ? f32x4.neg(g) : g;
}

/** x.add(t, alpha=a) = x + a*t. */
@inline export function addScaled(x: v128, t: v128, alpha: v128): v128 {
  return f32x4.add(x, f32x4.mul(alpha, t));
}

/** The grad lanes at pg with torch's prelude: grad = -grad if maximize; grad = grad.add(param, alpha=wd) if wd. */
@inline export function preparedGrad(pg: usize, w: v128, maximize: bool, useWd: bool, wd: v128): v128 {
  const g = maximized(v128.load(pg), maximize);
  return useWd ? addScaled(g, w, wd) : g;
}

/** Stores the lanes x at p and returns them: state buffers are updated in place (torch's mul_/add_). */
@inline export function stored(p: usize, x: v128): v128 {
  v128.store(p, x);
  return x;
}

/** x.mul_(decay).add_(t, alpha=scale) = x*decay + scale*t: Adam's exp_avg, RMSprop's grad_avg, SGD's buffer. */
@inline export function decayAdd(x: v128, t: v128, decay: v128, scale: v128): v128 {
  return f32x4.add(f32x4.mul(x, decay), f32x4.mul(scale, t));
}

/** x.mul_(decay).addcmul_(t, t, value=scale) = x*decay + (scale*t)*t: exp_avg_sq, square_avg, acc_delta. */
@inline export function decayAddSquare(x: v128, t: v128, decay: v128, scale: v128): v128 {
  return f32x4.add(f32x4.mul(x, decay), f32x4.mul(f32x4.mul(scale, t), t));
}

/** decayAdd on the state lanes at p, in place. */
@inline export function decayAddAt(p: usize, t: v128, decay: v128, scale: v128): v128 {
  return stored(p, decayAdd(v128.load(p), t, decay, scale));
}

/** decayAddSquare on the state lanes at p, in place. */
@inline export function decayAddSquareAt(p: usize, t: v128, decay: v128, scale: v128): v128 {
  return stored(p, decayAddSquare(v128.load(p), t, decay, scale));
}

/** x.addcdiv_(t1, t2, value=v) = x + (v*t1)/t2. */
@inline export function addcdiv(x: v128, t1: v128, t2: v128, value: v128): v128 {
  return f32x4.add(x, f32x4.div(f32x4.mul(value, t1), t2));
}
