// Adagrad (dense), torch 1.13 _single_tensor_adagrad:
//   g = maximize ? -g : g;  g = g + wd*p
//   sum = sum + g*g;  std = sqrt(sum) + eps;  p = p + ((-clr)*g)/std
// state 0: sum.  coef 0: -clr = -lr / (1 + (step-1)*lr_decay), per parameter (its own step).
import { descParam, descGrad, descLen, descState, coef } from "./table";
import { PARAM, GRAD, STATE0, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { preparedGrad, addcdiv, stored } from "./moments";

const ADAGRAD_MAXIMIZE: i32 = 1, ADAGRAD_WEIGHT_DECAY: i32 = 2;
const ADAGRAD_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0);

/** One Adagrad update of the 4 lanes at pw (param), pg (grad), psum (state 0). */
@inline function adagradLanes(pw: usize, pg: usize, psum: usize, negClr: v128, eps: v128, weightDecay: v128,
                              flags: i32): void {
  const w = v128.load(pw);
  const g = preparedGrad(pg, w, (flags & ADAGRAD_MAXIMIZE) != 0, (flags & ADAGRAD_WEIGHT_DECAY) != 0, weightDecay);
  // addcmul_(g, g, value=1): the exact 1*g is left out
  const s = stored(psum, f32x4.add(v128.load(psum), f32x4.mul(g, g)));
  v128.store(pw, addcdiv(w, g, f32x4.add(f32x4.sqrt(s), eps), negClr));
}

export function optim_adagrad(table: usize, coefs: usize, count: i32, eps: f32, weightDecay: f32, flags: i32): void {
  const veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const sump = descState(table, i, 0);
    const vclr = f32x4.splat(<f32>coef(coefs, i, 0));
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      adagradLanes(p + o, gp + o, sump + o, vclr, veps, vwd, flags);
    }
    if (stageTail(table, i, ADAGRAD_STREAMS)) {
      adagradLanes(tail(PARAM), tail(GRAD), tail(STATE0), vclr, veps, vwd, flags);
      unstageTail(table, i, ADAGRAD_STREAMS);
    }
  }
}
