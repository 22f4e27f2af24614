// Adamax, torch 1.13 _single_tensor_adamax:
//   g = maximize ? -g : g;  g = g + wd*p
//   m = m*b1 + (1-b1)*g;  u = amax(u*b2, |g| + eps);  p = p + ((-clr)*m)/u
// state 0: exp_avg, 1: exp_inf.  coef 0: -clr = -lr / (1 - b1^step).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, STATE1, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, decayAddAt, addcdiv, stored } from "./moments";

const ADAMAX_MAXIMIZE: i32 = 1, ADAMAX_WEIGHT_DECAY: i32 = 2;
const ADAMAX_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0) | stream(STATE1);

/** One Adamax update of the 4 lanes at pw (param), pg (grad), pm, pu (state 0, 1). */
@inline function adamaxLanes(pw: usize, pg: usize, pm: usize, pu: usize, beta1: v128, beta2: v128,
                             oneMinusBeta1: v128, eps: v128, weightDecay: v128, negClr: v128, flags: i32): void {
  const w = v128.load(pw);
  const g = preparedGrad(pg, w, (flags & ADAMAX_MAXIMIZE) != 0, (flags & ADAMAX_WEIGHT_DECAY) != 0, weightDecay);
  const m = decayAddAt(pm, g, beta1, oneMinusBeta1);
  // torch.amax propagates NaN; wasm f32x4.max does too.
  const u = stored(pu, f32x4.max(f32x4.mul(v128.load(pu), beta2), f32x4.add(f32x4.abs(g), eps)));
  v128.store(pw, addcdiv(w, m, u, negClr));
}

export function optim_adamax(table: usize, coefs: usize, count: i32, beta1: f32, beta2: f32,
                             oneMinusBeta1: f32, eps: f32, weightDecay: f32, flags: i32): void {
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vomb1 = f32x4.splat(oneMinusBeta1);
  const veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), up = descState(table, i, 1);
    const vclr = f32x4.splat(<f32>coef(coefs, i, 0));
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      adamaxLanes(p + o, gp + o, mp + o, up + o, vb1, vb2, vomb1, veps, vwd, vclr, flags);
    }
    if (stageTail(table, i, ADAMAX_STREAMS)) {
      adamaxLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1), vb1, vb2, vomb1, veps, vwd, vclr, flags);
      unstageTail(table, i, ADAMAX_STREAMS);
    }
  }
}
