// ASGD, torch 1.13 _single_tensor_asgd:
//   g = maximize ? -g : g;  g = g + wd*p
//   p = p * (1 - lambd*eta);  p = p + (-eta)*g
//   mu != 1: ax = ax + (p - ax)*mu      else ax = p
// state 0: ax.  coef 0: 1 - lambd*eta, 1: -eta, 2: mu (eta and mu are float32 tensors in torch).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, addScaled } from "./moments";

const ASGD_MAXIMIZE: i32 = 1, ASGD_WEIGHT_DECAY: i32 = 2;
const ASGD_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0);

/** One ASGD update of the 4 lanes at pw (param), pg (grad), pax (state 0). */
@inline function asgdLanes(pw: usize, pg: usize, pax: usize, decay: v128, negEta: v128, mu: v128,
                           weightDecay: v128, averaging: bool, flags: i32): void {
  let w = v128.load(pw);
  const g = preparedGrad(pg, w, (flags & ASGD_MAXIMIZE) != 0, (flags & ASGD_WEIGHT_DECAY) != 0, weightDecay);
  w = addScaled(f32x4.mul(w, decay), g, negEta);
  v128.store(pw, w);
  if (averaging) {
    const ax = v128.load(pax);
    v128.store(pax, f32x4.add(ax, f32x4.mul(f32x4.sub(w, ax), mu)));
  } else {
    v128.store(pax, w);
  }
}

export function optim_asgd(table: usize, coefs: usize, count: i32, weightDecay: f32, flags: i32): void {
  const vwd = f32x4.splat(weightDecay);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const axp = descState(table, i, 0);
    const mu = <f32>coef(coefs, i, 2), averaging = mu != 1;
    const vdecay = f32x4.splat(<f32>coef(coefs, i, 0)), veta = f32x4.splat(<f32>coef(coefs, i, 1));
    const vmu = f32x4.splat(mu);
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      asgdLanes(p + o, gp + o, axp + o, vdecay, veta, vmu, vwd, averaging, flags);
    }
    if (stageTail(table, i, ASGD_STREAMS)) {
      asgdLanes(tail(PARAM), tail(GRAD), tail(STATE0), vdecay, veta, vmu, vwd, averaging, flags);
      unstageTail(table, i, ASGD_STREAMS);
    }
  }
}
