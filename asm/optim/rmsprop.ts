// RMSprop, torch 1.13 _single_tensor_rmsprop:
//   g = maximize ? -g : g;  g = g + wd*p
//   sa = sa*alpha + ((1-alpha)*g)*g
//   centered: ga = ga*alpha + (1-alpha)*g;  avg = sqrt(sa + (-1*ga)*ga)   else avg = sqrt(sa)
//   avg = avg + eps
//   momentum > 0: buf = buf*momentum + g/avg;  p = p + (-lr)*buf     else p = p + ((-lr)*g)/avg
// state 0: square_avg, 1: momentum_buffer, 2: grad_avg.
import { descParam, descGrad, descLen, descState } from "./table";
import { PARAM, GRAD, STATE0, STATE1, STATE2, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, addScaled, decayAddAt, decayAddSquareAt, addcdiv, stored } from "./moments";

const RMSPROP_MAXIMIZE: i32 = 1, RMSPROP_CENTERED: i32 = 2, RMSPROP_MOMENTUM: i32 = 4, RMSPROP_WEIGHT_DECAY: i32 = 8;

/** One RMSprop update of the 4 lanes at pw (param), pg (grad), psa, pbuf, pga (state 0..2). */
@inline function rmspropLanes(pw: usize, pg: usize, psa: usize, pbuf: usize, pga: usize, negLr: v128, alpha: v128,
                              oneMinusAlpha: v128, eps: v128, weightDecay: v128, momentum: v128, flags: i32): void {
  const w = v128.load(pw);
  const g = preparedGrad(pg, w, (flags & RMSPROP_MAXIMIZE) != 0, (flags & RMSPROP_WEIGHT_DECAY) != 0, weightDecay);
  const sa = decayAddSquareAt(psa, g, alpha, oneMinusAlpha);
  let avg: v128;
  if ((flags & RMSPROP_CENTERED) != 0) {
    const ga = decayAddAt(pga, g, alpha, oneMinusAlpha);
    avg = f32x4.sqrt(f32x4.add(sa, f32x4.mul(f32x4.neg(ga), ga)));
  } else {
    avg = f32x4.sqrt(sa);
  }
  avg = f32x4.add(avg, eps);
  if ((flags & RMSPROP_MOMENTUM) != 0) {
    const b = stored(pbuf, f32x4.add(f32x4.mul(v128.load(pbuf), momentum), f32x4.div(g, avg)));
    v128.store(pw, addScaled(w, b, negLr));
  } else {
    v128.store(pw, addcdiv(w, g, avg, negLr));
  }
}

export function optim_rmsprop(table: usize, count: i32, negLr: f32, alpha: f32, oneMinusAlpha: f32,
                              eps: f32, weightDecay: f32, momentum: f32, flags: i32): void {
  const valpha = f32x4.splat(alpha), voma = f32x4.splat(oneMinusAlpha), veps = f32x4.splat(eps);
  const vwd = f32x4.splat(weightDecay), vmom = f32x4.splat(momentum), vlr = f32x4.splat(negLr);
  const streams = stream(PARAM) | stream(GRAD) | stream(STATE0)
    | ((flags & RMSPROP_MOMENTUM) != 0 ? stream(STATE1) : 0) | ((flags & RMSPROP_CENTERED) != 0 ? stream(STATE2) : 0);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const sap = descState(table, i, 0), bufp = descState(table, i, 1), gap = descState(table, i, 2);
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      rmspropLanes(p + o, gp + o, sap + o, bufp + o, gap + o, vlr, valpha, voma, veps, vwd, vmom, flags);
    }
    if (stageTail(table, i, streams)) {
      rmspropLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1), tail(STATE2),
                   vlr, valpha, voma, veps, vwd, vmom, flags);
      unstageTail(table, i, streams);
    }
  }
}
