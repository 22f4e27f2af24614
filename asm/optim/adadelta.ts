// Adadelta, torch 1.13 _single_tensor_adadelta:
//   g = maximize ? -g : g;  g = g + wd*p
//   sa = sa*rho + ((1-rho)*g)*g;  std = sqrt(sa + eps)
//   delta = (sqrt(ad + eps) / std) * g;  ad = ad*rho + ((1-rho)*delta)*delta
//   p = p + (-lr)*delta
// state 0: square_avg, 1: acc_delta.
import { descParam, descGrad, descLen, descState } from "./table";
import { PARAM, GRAD, STATE0, STATE1, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, addScaled, decayAddSquareAt } from "./moments";

const ADADELTA_MAXIMIZE: i32 = 1, ADADELTA_WEIGHT_DECAY: i32 = 2;
const ADADELTA_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0) | stream(STATE1);

/** One Adadelta update of the 4 lanes at pw (param), pg (grad), psa, pad (state 0, 1). */
@inline function adadeltaLanes(pw: usize, pg: usize, psa: usize, pad: usize, negLr: v128, rho: v128,
                               oneMinusRho: v128, eps: v128, weightDecay: v128, flags: i32): void {
  const w = v128.load(pw);
  const g = preparedGrad(pg, w, (flags & ADADELTA_MAXIMIZE) != 0, (flags & ADADELTA_WEIGHT_DECAY) != 0, weightDecay);
  const std = f32x4.sqrt(f32x4.add(decayAddSquareAt(psa, g, rho, oneMinusRho), eps));
  const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(v128.load(pad), eps)), std), g);
  decayAddSquareAt(pad, delta, rho, oneMinusRho);
  v128.store(pw, addScaled(w, delta, negLr));
}

export function optim_adadelta(table: usize, count: i32, negLr: f32, rho: f32, oneMinusRho: f32,
                               eps: f32, weightDecay: f32, flags: i32): void {
  const vrho = f32x4.splat(rho), vomr = f32x4.splat(oneMinusRho), veps = f32x4.splat(eps);
  const vwd = f32x4.splat(weightDecay), vlr = f32x4.splat(negLr);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const sap = descState(table, i, 0), adp = descState(table, i, 1);
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      adadeltaLanes(p + o, gp + o, sap + o, adp + o, vlr, vrho, vomr, veps, vwd, flags);
    }
    if (stageTail(table, i, ADADELTA_STREAMS)) {
      adadeltaLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1), vlr, vrho, vomr, veps, vwd, flags);
      unstageTail(table, i, ADADELTA_STREAMS);
    }
  }
}
