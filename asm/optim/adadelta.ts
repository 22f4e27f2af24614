// Adadelta, torch 1.13 _single_tensor_adadelta:
//   g = maximize ? -g : g;  g = g + wd*p
//   sa = sa*rho + ((1-rho)*g)*g;  std = sqrt(sa + eps)
//   delta = (sqrt(ad + eps) / std) * g;  ad = ad*rho + ((1-rho)*delta)*delta
//   p = p + (-lr)*delta
// state 0: square_avg, 1: acc_delta.
import { descParam, descGrad, descLen, descState, f32At, setF32 } from "./table";

const ADADELTA_MAXIMIZE: i32 = 1, ADADELTA_WEIGHT_DECAY: i32 = 2;

export function optim_adadelta(table: usize, count: i32, negLr: f32, rho: f32, oneMinusRho: f32,
                               eps: f32, weightDecay: f32, flags: i32): void {
  const maximize = (flags & ADADELTA_MAXIMIZE) != 0, useWd = (flags & ADADELTA_WEIGHT_DECAY) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const sap = descState(table, i, 0), adp = descState(table, i, 1);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vrho = f32x4.splat(rho), vomr = f32x4.splat(oneMinusRho), veps = f32x4.splat(eps);
    const vwd = f32x4.splat(weightDecay), vlr = f32x4.splat(negLr);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (maximize) g = f32x4.neg(g);
      if (useWd) g = f32x4.add(g, f32x4.mul(vwd, w));
      const sa = f32x4.add(f32x4.mul(v128.load(sap + o), vrho), f32x4.mul(f32x4.mul(vomr, g), g));
      v128.store(sap + o, sa);
      const std = f32x4.sqrt(f32x4.add(sa, veps));
      const ad = v128.load(adp + o);
      const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(ad, veps)), std), g);
      v128.store(adp + o, f32x4.add(f32x4.mul(ad, vrho), f32x4.mul(f32x4.mul(vomr, delta), delta)));
      v128.store(p + o, f32x4.add(w, f32x4.mul(vlr, delta)));
    }
    for (; j < n; j++) {
      const w = f32At(p, j);
      let g = f32At(gp, j);
      if (maximize) g = -g;
      if (useWd) g = g + weightDecay * w;
      const sa = f32At(sap, j) * rho + (oneMinusRho * g) * g;
      setF32(sap, j, sa);
      const std = sqrt<f32>(sa + eps);
      const delta = (sqrt<f32>(f32At(adp, j) + eps) / std) * g;
      setF32(adp, j, f32At(adp, j) * rho + (oneMinusRho * delta) * delta);
      setF32(p, j, w + negLr * delta);
    }
  }
}
