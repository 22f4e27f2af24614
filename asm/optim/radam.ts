// RAdam, torch 1.13 _single_tensor_radam (no maximize in 1.13):
//   g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  bcm = m / bc1
//   rho_t > 5: adaptive = (1 / (sqrt(v) + eps)) * sqrt(bc2)      (python float / tensor = reciprocal * float)
//              p = p - ((bcm*lr)*adaptive)*rect
//   else:      p = p - bcm*lr
// state 0: exp_avg, 1: exp_avg_sq.  coef 0: bc1, 1: rect (0 = unrectified), 2: sqrt(bc2).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, STATE1, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, decayAddAt, decayAddSquareAt } from "./moments";

const RADAM_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0) | stream(STATE1);

/** One RAdam update of the 4 lanes at pw (param), pg (grad), pm, pv (state 0, 1). */
@inline function radamLanes(pw: usize, pg: usize, pm: usize, pv: usize, lr: v128, beta1: v128, beta2: v128,
                            oneMinusBeta1: v128, oneMinusBeta2: v128, eps: v128, weightDecay: v128, bc1: v128,
                            rect: v128, bc2Sqrt: v128, useWd: bool, rectified: bool): void {
  const w = v128.load(pw);
  const g = preparedGrad(pg, w, false, useWd, weightDecay);
  const m = decayAddAt(pm, g, beta1, oneMinusBeta1);
  const v = decayAddSquareAt(pv, g, beta2, oneMinusBeta2);
  const bcm = f32x4.div(m, bc1);
  let update: v128;
  if (rectified) {
    const adaptive = f32x4.mul(f32x4.div(f32x4.splat(1), f32x4.add(f32x4.sqrt(v), eps)), bc2Sqrt);
    update = f32x4.mul(f32x4.mul(f32x4.mul(bcm, lr), adaptive), rect);
  } else {
    update = f32x4.mul(bcm, lr);
  }
  v128.store(pw, f32x4.sub(w, update));
}

export function optim_radam(table: usize, coefs: usize, count: i32, lr: f32, beta1: f32, beta2: f32,
                            oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32, useWd: i32): void {
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vomb1 = f32x4.splat(oneMinusBeta1);
  const vomb2 = f32x4.splat(oneMinusBeta2), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
  const vlr = f32x4.splat(lr), wd = useWd != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), vp = descState(table, i, 1);
    const rectified = coef(coefs, i, 1) != 0;
    const vbc1 = f32x4.splat(<f32>coef(coefs, i, 0)), vrect = f32x4.splat(<f32>coef(coefs, i, 1));
    const vbc2s = f32x4.splat(<f32>coef(coefs, i, 2));
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      radamLanes(p + o, gp + o, mp + o, vp + o, vlr, vb1, vb2, vomb1, vomb2, veps, vwd, vbc1, vrect, vbc2s,
                 wd, rectified);
    }
    if (stageTail(table, i, RADAM_STREAMS)) {
      radamLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1),
                 vlr, vb1, vb2, vomb1, vomb2, veps, vwd, vbc1, vrect, vbc2s, wd, rectified);
      unstageTail(table, i, RADAM_STREAMS);
    }
  }
}
