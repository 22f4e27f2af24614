// Adam and AdamW, torch 1.13 _single_tensor_adam / _single_tensor_adamw (capturable=False):
//   AdamW: p = p * (1 - lr*wd)          Adam (L2): g = g + wd*p
//   m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g        (addcmul: self + (value*t1)*t2)
//   amsgrad: vmax = max(vmax, v), used instead of v
//   denom = sqrt(v) / sqrt(bc2) + eps;  p = p + ((-step_size)*m) / denom   (addcdiv order)
// state 0: exp_avg, 1: exp_avg_sq, 2: max_exp_avg_sq.  coef 0: -step_size, 1: sqrt(bc2).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, STATE1, STATE2, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, decayAddAt, decayAddSquareAt, addcdiv, stored } from "./moments";

const ADAM_MAXIMIZE: i32 = 1, ADAM_AMSGRAD: i32 = 2, ADAM_L2: i32 = 4, ADAM_DECOUPLED: i32 = 8;

/** One Adam/AdamW update of the 4 lanes at pw (param), pg (grad), pm, pv, pvmax (state 0..2). */
@inline function adamLanes(pw: usize, pg: usize, pm: usize, pv: usize, pvmax: usize, beta1: v128, beta2: v128,
                           oneMinusBeta1: v128, oneMinusBeta2: v128, eps: v128, weightDecay: v128,
                           decoupledDecay: v128, negStepSize: v128, bc2Sqrt: v128, flags: i32): void {
  let w = v128.load(pw);
  if ((flags & ADAM_DECOUPLED) != 0) w = f32x4.mul(w, decoupledDecay);
  const g = preparedGrad(pg, w, (flags & ADAM_MAXIMIZE) != 0, (flags & ADAM_L2) != 0, weightDecay);
  const m = decayAddAt(pm, g, beta1, oneMinusBeta1);
  let v = decayAddSquareAt(pv, g, beta2, oneMinusBeta2);
  if ((flags & ADAM_AMSGRAD) != 0) v = stored(pvmax, f32x4.max(v128.load(pvmax), v));
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(v), bc2Sqrt), eps);
  v128.store(pw, addcdiv(w, m, denom, negStepSize));
}

export function optim_adam(table: usize, coefs: usize, count: i32, beta1: f32, beta2: f32,
                           oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32,
                           decoupledDecay: f32, flags: i32): void {
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), v1b1 = f32x4.splat(oneMinusBeta1);
  const v1b2 = f32x4.splat(oneMinusBeta2), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
  const vdecay = f32x4.splat(decoupledDecay);
  const streams = stream(PARAM) | stream(GRAD) | stream(STATE0) | stream(STATE1)
    | ((flags & ADAM_AMSGRAD) != 0 ? stream(STATE2) : 0);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), vp = descState(table, i, 1), vmaxp = descState(table, i, 2);
    const vnss = f32x4.splat(<f32>coef(coefs, i, 0)), vbc2 = f32x4.splat(<f32>coef(coefs, i, 1));
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      adamLanes(p + o, gp + o, mp + o, vp + o, vmaxp + o, vb1, vb2, v1b1, v1b2, veps, vwd, vdecay, vnss, vbc2, flags);
    }
    if (stageTail(table, i, streams)) {
      adamLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1), tail(STATE2),
                vb1, vb2, v1b1, v1b2, veps, vwd, vdecay, vnss, vbc2, flags);
      unstageTail(table, i, streams);
    }
  }
}
