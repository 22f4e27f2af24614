// Rprop, torch 1.13 _single_tensor_rprop:
//   g = maximize ? -g : g;  s = sign(g*prev) mapped >0 → etaplus, <0 → etaminus, 0 → 1
//   step = clamp(step*s, min, max);  s == etaminus: g = 0
//   p = p + (-1*sign(g))*step;  prev = g
// state 0: prev, 1: step_size.
import { descParam, descGrad, descLen, descState, f32At, setF32 } from "./table";

@inline function signOf(x: f32): f32 {
  return x > 0 ? <f32>1 : x < 0 ? <f32>-1 : x; // keeps ±0 and NaN like torch.sign
}

export function optim_rprop(table: usize, count: i32, etaminus: f32, etaplus: f32,
                            stepMin: f32, stepMax: f32, maximize: i32): void {
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const prevp = descState(table, i, 0), stepp = descState(table, i, 1);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vplus = f32x4.splat(etaplus), vminus = f32x4.splat(etaminus), vmin = f32x4.splat(stepMin);
    const vmax = f32x4.splat(stepMax), vone = f32x4.splat(1), vnegOne = f32x4.splat(-1), vzero = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      let g = v128.load(gp + o);
      if (maximize != 0) g = f32x4.neg(g);
      const prod = f32x4.mul(g, v128.load(prevp + o));
      // >0 → etaplus, <0 → etaminus, ±0 → 1, NaN stays NaN (as the scalar path)
      let s = v128.bitselect(vplus, prod, f32x4.gt(prod, vzero));
      s = v128.bitselect(vminus, s, f32x4.lt(prod, vzero));
      s = v128.bitselect(vone, s, f32x4.eq(prod, vzero));
      const step = f32x4.min(f32x4.max(f32x4.mul(v128.load(stepp + o), s), vmin), vmax);
      v128.store(stepp + o, step);
      g = v128.bitselect(vzero, g, f32x4.eq(s, vminus));
      const sg = v128.bitselect(vone, v128.bitselect(vnegOne, g, f32x4.lt(g, vzero)), f32x4.gt(g, vzero));
      v128.store(p + o, f32x4.add(v128.load(p + o), f32x4.mul(f32x4.neg(sg), step)));
      v128.store(prevp + o, g);
    }
    for (; j < n; j++) {
      let g = f32At(gp, j);
      if (maximize != 0) g = -g;
      let s = signOf(g * f32At(prevp, j));
      if (s > 0) s = etaplus;
      else if (s < 0) s = etaminus;
      else if (s == 0) s = 1;
      // clamp_(min, max): max(min(x, max), min) with NaN propagating
      const step = min(max(f32At(stepp, j) * s, stepMin), stepMax);
      setF32(stepp, j, step);
      if (s == etaminus) g = 0;
      setF32(p, j, f32At(p, j) + (-signOf(g)) * step);
      setF32(prevp, j, g);
    }
  }
}
