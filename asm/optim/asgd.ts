// ASGD, torch 1.13 _single_tensor_asgd:
//   g = maximize ? -g : g;  g = g + wd*p
//   p = p * (1 - lambd*eta);  p = p + (-eta)*g
//   mu != 1: ax = ax + (p - ax)*mu      else ax = p
// state 0: ax.  coef 0: 1 - lambd*eta, 1: -eta, 2: mu (eta and mu are float32 tensors in torch).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

const ASGD_MAXIMIZE: i32 = 1, ASGD_WEIGHT_DECAY: i32 = 2;

export function optim_asgd(table: usize, coefs: usize, count: i32, weightDecay: f32, flags: i32): void {
  const maximize = (flags & ASGD_MAXIMIZE) != 0, useWd = (flags & ASGD_WEIGHT_DECAY) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const axp = descState(table, i, 0);
    const decay = <f32>coef(coefs, i, 0), negEta = <f32>coef(coefs, i, 1), mu = <f32>coef(coefs, i, 2);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vdecay = f32x4.splat(decay), veta = f32x4.splat(negEta), vmu = f32x4.splat(mu), vwd = f32x4.splat(weightDecay);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      let w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (maximize) g = f32x4.neg(g);
      if (useWd) g = f32x4.add(g, f32x4.mul(vwd, w));
      w = f32x4.mul(w, vdecay);
      w = f32x4.add(w, f32x4.mul(veta, g));
      v128.store(p + o, w);
      if (mu != 1) {
        const ax = v128.load(axp + o);
        v128.store(axp + o, f32x4.add(ax, f32x4.mul(f32x4.sub(w, ax), vmu)));
      } else {
        v128.store(axp + o, w);
      }
    }
    for (; j < n; j++) {
      let w = f32At(p, j);
      let g = f32At(gp, j);
      if (maximize) g = -g;
      if (useWd) g = g + weightDecay * w;
      w = w * decay;
      w = w + negEta * g;
      setF32(p, j, w);
      if (mu != 1) {
        const ax = f32At(axp, j);
        setF32(axp, j, ax + (w - ax) * mu);
      } else {
        setF32(axp, j, w);
      }
    }
  }
}
