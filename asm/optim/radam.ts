// RAdam, torch 1.13 _single_tensor_radam (no maximize in 1.13):
//   g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  bcm = m / bc1
//   rho_t > 5: adaptive = (1 / (sqrt(v) + eps)) * sqrt(bc2)      (python float / tensor = reciprocal * float)
//              p = p - ((bcm*lr)*adaptive)*rect
//   else:      p = p - bcm*lr
// state 0: exp_avg, 1: exp_avg_sq.  coef 0: bc1, 1: rect (0 = unrectified), 2: sqrt(bc2).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

export function optim_radam(table: usize, coefs: usize, count: i32, lr: f32, beta1: f32, beta2: f32,
                            oneMinusBeta1: f32, oneMinusBeta2: f32, eps: f32, weightDecay: f32, useWd: i32): void {
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const mp = descState(table, i, 0), vp = descState(table, i, 1);
    const bc1 = <f32>coef(coefs, i, 0), rectified = coef(coefs, i, 1) != 0;
    const rect = <f32>coef(coefs, i, 1), bc2Sqrt = <f32>coef(coefs, i, 2);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), vomb1 = f32x4.splat(oneMinusBeta1);
    const vomb2 = f32x4.splat(oneMinusBeta2), veps = f32x4.splat(eps), vwd = f32x4.splat(weightDecay);
    const vbc1 = f32x4.splat(bc1), vrect = f32x4.splat(rect), vbc2s = f32x4.splat(bc2Sqrt);
    const vlr = f32x4.splat(lr), vone = f32x4.splat(1);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (useWd != 0) g = f32x4.add(g, f32x4.mul(vwd, w));
      const m = f32x4.add(f32x4.mul(v128.load(mp + o), vb1), f32x4.mul(vomb1, g));
      const v = f32x4.add(f32x4.mul(v128.load(vp + o), vb2), f32x4.mul(f32x4.mul(vomb2, g), g));
      v128.store(mp + o, m);
      v128.store(vp + o, v);
      const bcm = f32x4.div(m, vbc1);
      let update: v128;
      if (rectified) {
        const adaptive = f32x4.mul(f32x4.div(vone, f32x4.add(f32x4.sqrt(v), veps)), vbc2s);
        update = f32x4.mul(f32x4.mul(f32x4.mul(bcm, vlr), adaptive), vrect);
      } else {
        update = f32x4.mul(bcm, vlr);
      }
      v128.store(p + o, f32x4.sub(w, update));
    }
    for (; j < n; j++) {
      const w = f32At(p, j);
      let g = f32At(gp, j);
      if (useWd != 0) g = g + weightDecay * w;
      const m = f32At(mp, j) * beta1 + oneMinusBeta1 * g;
      const v = f32At(vp, j) * beta2 + (oneMinusBeta2 * g) * g;
      setF32(mp, j, m);
      setF32(vp, j, v);
      const bcm = m / bc1;
      let update: f32;
      if (rectified) {
        const adaptive = (<f32>1 / (sqrt<f32>(v) + eps)) * bc2Sqrt;
        update = ((bcm * lr) * adaptive) * rect;
      } else {
        update = bcm * lr;
      }
      setF32(p, j, w - update);
    }
  }
}
