// Adam and AdamW, torch 1.13 _single_tensor_adam / _single_tensor_adamw (capturable=False):
//   AdamW: p = p * (1 - lr*wd)          Adam (L2): g = g + wd*p
//   m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g        (addcmul: self + (value*t1)*t2)
//   amsgrad: vmax = max(vmax, v), used instead of v
//   denom = sqrt(v) / sqrt(bc2) + eps;  p = p + ((-step_size)*m) / denom   (addcdiv order)
// state 0: exp_avg, 1: exp_avg_sq, 2: max_exp_avg_sq.  coef 0: -step_size, 1: sqrt(bc2).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

const ADAM_MAXIMIZE: i32 = 1, ADAM_AMSGRAD: i32 = 2, ADAM_L2: i32 = 4, ADAM_DECOUPLED: i32 = 8;

export function optim_adam(table: usize, coefs: usize, count: i32, beta1: f32, beta2: f32,
                           oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32,
                           decoupledDecay: f32, flags: i32): void {
  const maximize = (flags & ADAM_MAXIMIZE) != 0, amsgrad = (flags & ADAM_AMSGRAD) != 0;
  const l2 = (flags & ADAM_L2) != 0, decoupled = (flags & ADAM_DECOUPLED) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), vp = descState(table, i, 1), vmaxp = descState(table, i, 2);
    const negStepSize = <f32>coef(coefs, i, 0), bc2Sqrt = <f32>coef(coefs, i, 1);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), v1b1 = f32x4.splat(oneMinusBeta1);
    const v1b2 = f32x4.splat(oneMinusBeta2), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
    const vdecay = f32x4.splat(decoupledDecay), vnss = f32x4.splat(negStepSize), vbc2 = f32x4.splat(bc2Sqrt);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      let w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (maximize) g = f32x4.neg(g);
      if (decoupled) w = f32x4.mul(w, vdecay);
      if (l2) g = f32x4.add(g, f32x4.mul(vwd, w));
      const m = f32x4.add(f32x4.mul(v128.load(mp + o), vb1), f32x4.mul(v1b1, g));
      let v = f32x4.add(f32x4.mul(v128.load(vp + o), vb2), f32x4.mul(f32x4.mul(v1b2, g), g));
      v128.store(mp + o, m);
      v128.store(vp + o, v);
      if (amsgrad) {
        v = f32x4.max(v128.load(vmaxp + o), v);
        v128.store(vmaxp + o, v);
      }
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(v), vbc2), veps);
      v128.store(p + o, f32x4.add(w, f32x4.div(f32x4.mul(vnss, m), denom)));
    }
    for (; j < n; j++) {
      let w = f32At(p, j);
      let g = f32At(gp, j);
      if (maximize) g = -g;
      if (decoupled) w = w * decoupledDecay;
      if (l2) g = g + weightDecay * w;
      const m = f32At(mp, j) * beta1 + oneMinusBeta1 * g;
      let v = f32At(vp, j) * beta2 + (oneMinusBeta2 * g) * g;
      setF32(mp, j, m);
      setF32(vp, j, v);
      if (amsgrad) {
        v = max(f32At(vmaxp, j), v);
        setF32(vmaxp, j, v);
      }
      const denom = sqrt<f32>(v) / bc2Sqrt + eps;
      setF32(p, j, w + (negStepSize * m) / denom);
    }
  }
}
