// SGD, torch 1.13 _single_tensor_sgd op order (each op rounds to float32, no FMA):
//   d = maximize ? -g : g;  d = d + wd*p
//   buf = first ? d : buf*momentum + (1-dampening)*d;  d = nesterov ? d + momentum*buf : buf
//   p = p + (-lr)*d
// state 0: momentum buffer; coef 0: 1 when the buffer is created this step (torch clones d).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, addScaled, decayAddAt, stored } from "./moments";

const SGD_MAXIMIZE: i32 = 1, SGD_NESTEROV: i32 = 2, SGD_MOMENTUM: i32 = 4, SGD_WEIGHT_DECAY: i32 = 8;

/** One SGD update of the 4 lanes at pw (param), pg (grad), pb (momentum buffer). */
@inline function sgdLanes(pw: usize, pg: usize, pb: usize, negLr: v128, momentum: v128, oneMinusDampening: v128,
                          weightDecay: v128, maximize: bool, nesterov: bool, useMomentum: bool, useWd: bool,
                          first: bool): void {
  const w = v128.load(pw);
  let d = preparedGrad(pg, w, maximize, useWd, weightDecay);
  if (useMomentum) {
    const b = first ? stored(pb, d) : decayAddAt(pb, d, momentum, oneMinusDampening);
    d = nesterov ? addScaled(d, b, momentum) : b;
  }
  v128.store(pw, addScaled(w, d, negLr));
}

export function optim_sgd(table: usize, coefs: usize, count: i32, negLr: f32, momentum: f32,
                          oneMinusDampening: f32, weightDecay: f32, flags: i32): void {
  const maximize = (flags & SGD_MAXIMIZE) != 0, nesterov = (flags & SGD_NESTEROV) != 0;
  const useMomentum = (flags & SGD_MOMENTUM) != 0, useWd = (flags & SGD_WEIGHT_DECAY) != 0;
  const vlr = f32x4.splat(negLr), vm = f32x4.splat(momentum), vdamp = f32x4.splat(oneMinusDampening);
  const vwd = f32x4.splat(weightDecay);
  const streams = stream(PARAM) | stream(GRAD) | (useMomentum ? stream(STATE0) : 0);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), g = descGrad(table, i), n = descLen(table, i);
    const buf = descState(table, i, 0);
    const first = coef(coefs, i, 0) != 0;
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      sgdLanes(p + o, g + o, buf + o, vlr, vm, vdamp, vwd, maximize, nesterov, useMomentum, useWd, first);
    }
    if (stageTail(table, i, streams)) {
      sgdLanes(tail(PARAM), tail(GRAD), tail(STATE0),
               vlr, vm, vdamp, vwd, maximize, nesterov, useMomentum, useWd, first);
      unstageTail(table, i, streams);
    }
  }
}
