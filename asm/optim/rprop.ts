// Rprop, torch 1.13 _single_tensor_rprop:
//   g = maximize ? -g : g;  s = sign(g*prev) mapped >0 → etaplus, <0 → etaminus, 0 → 1
//   step = clamp(step*s, min, max);  s == etaminus: g = 0
//   p = p + (-1*sign(g))*step;  prev = g
// state 0: prev, 1: step_size.
import { descParam, descGrad, descLen, descState } from "./table";
import { PARAM, GRAD, STATE0, STATE1, stream, tail, fullLaneBytes, stageTail, unstageTail } from "./lanes";
import { maximized } from "./moments";

const RPROP_STREAMS: i32 = stream(PARAM) | stream(GRAD) | stream(STATE0) | stream(STATE1);

/** One Rprop update of the 4 lanes at pw (param), pg (grad), pprev, pstep (state 0, 1). */
@inline function rpropLanes(pw: usize, pg: usize, pprev: usize, pstep: usize, etaminus: v128, etaplus: v128,
                            stepMin: v128, stepMax: v128, maximize: bool): void {
  const one = f32x4.splat(1), negOne = f32x4.splat(-1), zero = f32x4.splat(0);
  let g = maximized(v128.load(pg), maximize);
  const prod = f32x4.mul(g, v128.load(pprev));
  // sign(prod): >0 → etaplus, <0 → etaminus, ±0 → 1, NaN stays NaN
  let s = v128.bitselect(etaplus, prod, f32x4.gt(prod, zero));
  s = v128.bitselect(etaminus, s, f32x4.lt(prod, zero));
  s = v128.bitselect(one, s, f32x4.eq(prod, zero));
  // clamp_(min, max) with NaN propagating
  const step = f32x4.min(f32x4.max(f32x4.mul(v128.load(pstep), s), stepMin), stepMax);
  v128.store(pstep, step);
  g = v128.bitselect(zero, g, f32x4.eq(s, etaminus));
  // torch.sign keeps ±0 and NaN
  const sg = v128.bitselect(one, v128.bitselect(negOne, g, f32x4.lt(g, zero)), f32x4.gt(g, zero));
  v128.store(pw, f32x4.add(v128.load(pw), f32x4.mul(f32x4.neg(sg), step)));
  v128.store(pprev, g);
}

export function optim_rprop(table: usize, count: i32, etaminus: f32, etaplus: f32,
                            stepMin: f32, stepMax: f32, maximize: i32): void {
  const vplus = f32x4.splat(etaplus), vminus = f32x4.splat(etaminus), vmin = f32x4.splat(stepMin);
  const vmax = f32x4.splat(stepMax), max = maximize != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const prevp = descState(table, i, 0), stepp = descState(table, i, 1);
    for (let o: usize = 0, end = fullLaneBytes(n); o < end; o += 16) {
      rpropLanes(p + o, gp + o, prevp + o, stepp + o, vminus, vplus, vmin, vmax, max);
    }
    if (stageTail(table, i, RPROP_STREAMS)) {
      rpropLanes(tail(PARAM), tail(GRAD), tail(STATE0), tail(STATE1), vminus, vplus, vmin, vmax, max);
      unstageTail(table, i, RPROP_STREAMS);
    }
  }
}
