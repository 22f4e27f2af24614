// NAdam, torch 1.13 _single_tensor_nadam (no maximize in 1.13):
//   g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g
//   denom = sqrt(v / bc2) + eps
//   p = p + (c1*g)/denom;  p = p + (c2*m)/denom
// state 0: exp_avg, 1: exp_avg_sq.  coef 0: bc2, 1: c1 = -lr*(1-mu)/(1-mu_product),
// 2: c2 = -lr*mu_next/(1-mu_product_next).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, STATE1, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, decayAddAt, decayAddSquareAt, addcdiv } from "./moments";

const NADAM_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0) | stream(STATE1);

/** One NAdam update of the 4 lanes at pw (param), pg (grad), pm, pv (state 0, 1). */
@inline function nadamLanes(pw: usize, pg: usize, pm: usize, pv: usize, beta1: v128, beta2: v128,
                            oneMinusBeta1: v128, oneMinusBeta2: v128, eps: v128, weightDecay: v128, bc2: v128,
                            c1: v128, c2: v128, useWd: bool): void {
  const w = v128.load(pw);
  const g = preparedGrad(pg, w, false, useWd, weightDecay);
  const m = decayAddAt(pm, g, beta1, oneMinusBeta1);
  const v = decayAddSquareAt(pv, g, beta2, oneMinusBeta2);
  const denom = f32x4.add(f32x4.sqrt(f32x4.div(v, bc2)), eps);
  v128.store(pw, addcdiv(addcdiv(w, g, denom, c1), m, denom, c2));
}

export function optim_nadam(table: usize, coefs: usize, count: i32, beta1: f32, beta2: f32,
                            oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32, useWd: i32): void {
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vomb1 = f32x4.splat(oneMinusBeta1);
  const vomb2 = f32x4.splat(oneMinusBeta2), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
  const wd = useWd != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), vp = descState(table, i, 1);
    const vbc2 = f32x4.splat(<f32>coef(coefs, i, 0));
    const vc1 = f32x4.splat(<f32>coef(coefs, i, 1)), vc2 = f32x4.splat(<f32>coef(coefs, i, 2));
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      nadamLanes(p + o, gp + o, mp + o, vp + o, vb1, vb2, vomb1, vomb2, veps, vwd, vbc2, vc1, vc2, wd);
    }
    if (stageTail(table, i, NADAM_STREAMS)) {
      nadamLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1),
                 vb1, vb2, vomb1, vomb2, veps, vwd, vbc2, vc1, vc2, wd);
      unstageTail(table, i, NADAM_STREAMS);
    }
  }
}
