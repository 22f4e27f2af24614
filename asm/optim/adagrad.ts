// Adagrad (dense), torch 1.13 _single_tensor_adagrad:
//   g = maximize ? -g : g;  g = g + wd*p
//   sum = sum + g*g;  std = sqrt(sum) + eps;  p = p + ((-clr)*g)/std
// state 0: sum.  coef 0: -clr = -lr / (1 + (step-1)*lr_decay), per parameter (its own step).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

const ADAGRAD_MAXIMIZE: i32 = 1, ADAGRAD_WEIGHT_DECAY: i32 = 2;

export function optim_adagrad(table: usize, coefs: usize, count: i32, eps: f32, weightDecay: f32, flags: i32): void {
  const maximize = (flags & ADAGRAD_MAXIMIZE) != 0, useWd = (flags & ADAGRAD_WEIGHT_DECAY) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const sump = descState(table, i, 0);
    const negClr = <f32>coef(coefs, i, 0);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vclr = f32x4.splat(negClr), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (maximize) g = f32x4.neg(g);
      if (useWd) g = f32x4.add(g, f32x4.mul(vwd, w));
      const s = f32x4.add(v128.load(sump + o), f32x4.mul(g, g));
      v128.store(sump + o, s);
      const std = f32x4.add(f32x4.sqrt(s), veps);
      v128.store(p + o, f32x4.add(w, f32x4.div(f32x4.mul(vclr, g), std)));
    }
    for (; j < n; j++) {
      const w = f32At(p, j);
      let g = f32At(gp, j);
      if (maximize) g = -g;
      if (useWd) g = g + weightDecay * w;
      const s = f32At(sump, j) + g * g;
      setF32(sump, j, s);
      const std = sqrt<f32>(s) + eps;
      setF32(p, j, w + (negClr * g) / std);
    }
  }
}
