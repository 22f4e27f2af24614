// RMSprop, torch 1.13 _single_tensor_rmsprop:
//   g = maximize ? -g : g;  g = g + wd*p
//   sa = sa*alpha + ((1-alpha)*g)*g
//   centered: ga = ga*alpha + (1-alpha)*g;  avg = sqrt(sa + (-1*ga)*ga)   else avg = sqrt(sa)
//   avg = avg + eps
//   momentum > 0: buf = buf*momentum + g/avg;  p = p + (-lr)*buf     else p = p + ((-lr)*g)/avg
// state 0: square_avg, 1: momentum_buffer, 2: grad_avg.
import { descParam, descGrad, descLen, descState, f32At, setF32 } from "./table";

const RMSPROP_MAXIMIZE: i32 = 1, RMSPROP_CENTERED: i32 = 2, RMSPROP_MOMENTUM: i32 = 4, RMSPROP_WEIGHT_DECAY: i32 = 8;

export function optim_rmsprop(table: usize, count: i32, negLr: f32, alpha: f32, oneMinusAlpha: f32,
                              eps: f32, weightDecay: f32, momentum: f32, flags: i32): void {
  const maximize = (flags & RMSPROP_MAXIMIZE) != 0, centered = (flags & RMSPROP_CENTERED) != 0;
  const useMomentum = (flags & RMSPROP_MOMENTUM) != 0, useWd = (flags & RMSPROP_WEIGHT_DECAY) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), gp = descGrad(table, i), n = descLen(table, i);
    const sap = descState(table, i, 0), bufp = descState(table, i, 1), gap = descState(table, i, 2);
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const valpha = f32x4.splat(alpha), voma = f32x4.splat(oneMinusAlpha), veps = f32x4.splat(eps);
    const vwd = f32x4.splat(weightDecay), vmom = f32x4.splat(momentum), vlr = f32x4.splat(negLr);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const w = v128.load(p + o);
      let g = v128.load(gp + o);
      if (maximize) g = f32x4.neg(g);
      if (useWd) g = f32x4.add(g, f32x4.mul(vwd, w));
      const sa = f32x4.add(f32x4.mul(v128.load(sap + o), valpha), f32x4.mul(f32x4.mul(voma, g), g));
      v128.store(sap + o, sa);
      let avg: v128;
      if (centered) {
        const ga = f32x4.add(f32x4.mul(v128.load(gap + o), valpha), f32x4.mul(voma, g));
        v128.store(gap + o, ga);
        avg = f32x4.sqrt(f32x4.add(sa, f32x4.mul(f32x4.neg(ga), ga)));
      } else {
        avg = f32x4.sqrt(sa);
      }
      avg = f32x4.add(avg, veps);
      if (useMomentum) {
        const b = f32x4.add(f32x4.mul(v128.load(bufp + o), vmom), f32x4.div(g, avg));
        v128.store(bufp + o, b);
        v128.store(p + o, f32x4.add(w, f32x4.mul(vlr, b)));
      } else {
        v128.store(p + o, f32x4.add(w, f32x4.div(f32x4.mul(vlr, g), avg)));
      }
    }
    for (; j < n; j++) {
      const w = f32At(p, j);
      let g = f32At(gp, j);
      if (maximize) g = -g;
      if (useWd) g = g + weightDecay * w;
      const sa = f32At(sap, j) * alpha + (oneMinusAlpha * g) * g;
      setF32(sap, j, sa);
      let avg: f32;
      if (centered) {
        const ga = f32At(gap, j) * alpha + oneMinusAlpha * g;
        setF32(gap, j, ga);
        avg = sqrt<f32>(sa + (-ga) * ga);
      } else {
        avg = sqrt<f32>(sa);
      }
      avg = avg + eps;
      if (useMomentum) {
        const b = f32At(bufp, j) * momentum + g / avg;
        setF32(bufp, j, b);
        setF32(p, j, w + negLr * b);
      } else {
        setF32(p, j, w + (negLr * g) / avg);
      }
    }
  }
}
