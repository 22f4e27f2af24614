// NAdam, torch 1.13 _single_tensor_nadam (no maximize in 1.13):
//   g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g
//   denom = sqrt(v / bc2) + eps
//   p = p + (c1*g)/denom;  p = p + (c2*m)/denom
// state 0: exp_avg, 1: exp_avg_sq.  coef 0: bc2, 1: c1 = -lr*(1-mu)/(1-mu_product),
// 2: c2 = -lr*mu_next/(1-mu_product_next).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

export function optim_nadam(table: usize, coefs: usize, count: i32, beta1: f32, beta2: f32,
                            oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32, useWd: i32): void {
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), vp = descState(table, i, 1);
    const bc2 = <f32>coef(coefs, i, 0), c1 = <f32>coef(coefs, i, 1), c2 = <f32>coef(coefs, i, 2);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vomb1 = f32x4.splat(oneMinusBeta1);
    const vomb2 = f32x4.splat(oneMinusBeta2), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
    const vbc2 = f32x4.splat(bc2), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      let w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (useWd != 0) g = f32x4.add(g, f32x4.mul(vwd, w));
      const m = f32x4.add(f32x4.mul(v128.load(mp + o), vb1), f32x4.mul(vomb1, g));
      const v = f32x4.add(f32x4.mul(v128.load(vp + o), vb2), f32x4.mul(f32x4.mul(vomb2, g), g));
      v128.store(mp + o, m);
      v128.store(vp + o, v);
      const denom = f32x4.add(f32x4.sqrt(f32x4.div(v, vbc2)), veps);
      w = f32x4.add(w, f32x4.div(f32x4.mul(vc1, g), denom));
      v128.store(p + o, f32x4.add(w, f32x4.div(f32x4.mul(vc2, m), denom)));
    }
    for (; j < n; j++) {
      let w = f32At(p, j);
      let g = f32At(gp, j);
      if (useWd != 0) g = g + weightDecay * w;
      const m = f32At(mp, j) * beta1 + oneMinusBeta1 * g;
      const v = f32At(vp, j) * beta2 + (oneMinusBeta2 * g) * g;
      setF32(mp, j, m);
      setF32(vp, j, v);
      const denom = sqrt<f32>(v / bc2) + eps;
      w = w + (c1 * g) / denom;
      setF32(p, j, w + (c2 * m) / denom);
    }
  }
}
