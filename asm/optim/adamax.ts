// Adamax, torch 1.13 _single_tensor_adamax:
//   g = maximize ? -g : g;  g = g + wd*p
//   m = m*b1 + (1-b1)*g;  u = amax(u*b2, |g| + eps);  p = p + ((-clr)*m)/u
// state 0: exp_avg, 1: exp_inf.  coef 0: -clr = -lr / (1 - b1^step).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

const ADAMAX_MAXIMIZE: i32 = 1, ADAMAX_WEIGHT_DECAY: i32 = 2;

export function optim_adamax(table: usize, coefs: usize, count: i32, beta1: f32, beta2: f32,
                             oneMinusBeta1: f32, eps: f32, weightDecay: f32, flags: i32): void {
  const maximize = (flags & ADAMAX_MAXIMIZE) != 0, useWd = (flags & ADAMAX_WEIGHT_DECAY) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), up = descState(table, i, 1);
    const negClr = <f32>coef(coefs, i, 0);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vomb1 = f32x4.splat(oneMinusBeta1);
    const veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay), vclr = f32x4.splat(negClr);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (maximize) g = f32x4.neg(g);
      if (useWd) g = f32x4.add(g, f32x4.mul(vwd, w));
      const m = f32x4.add(f32x4.mul(v128.load(mp + o), vb1), f32x4.mul(vomb1, g));
      v128.store(mp + o, m);
      const u = f32x4.max(f32x4.mul(v128.load(up + o), vb2), f32x4.add(f32x4.abs(g), veps));
      v128.store(up + o, u);
      v128.store(p + o, f32x4.add(w, f32x4.div(f32x4.mul(vclr, m), u)));
    }
    for (; j < n; j++) {
      const w = f32At(p, j);
      let g = f32At(gp, j);
      if (maximize) g = -g;
      if (useWd) g = g + weightDecay * w;
      const m = f32At(mp, j) * beta1 + oneMinusBeta1 * g;
      setF32(mp, j, m);
      // torch.amax propagates NaN; wasm f32.max does too.
      const u = max(f32At(up, j) * beta2, abs<f32>(g) + eps);
      setF32(up, j, u);
      setF32(p, j, w + (negClr * m) / u);
    }
  }
}
