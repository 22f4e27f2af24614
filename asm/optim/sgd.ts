// SGD, torch 1.13 _single_tensor_sgd op order (each op rounds to float32, no FMA):
//   d = maximize ? -g : g;  d = d + wd*p
//   buf = first ? d : buf*momentum + (1-dampening)*d;  d = nesterov ? d + momentum*buf : buf
//   p = p + (-lr)*d
// state 0: momentum buffer; coef 0: 1 when the buffer is created this step (torch clones d).
import { descParam, descGrad, descLen, descState, coef, f32At, setF32 } from "./table";

const SGD_MAXIMIZE: i32 = 1, SGD_NESTEROV: i32 = 2, SGD_MOMENTUM: i32 = 4, SGD_WEIGHT_DECAY: i32 = 8;

export function optim_sgd(table: usize, coefs: usize, count: i32, negLr: f32, momentum: f32,
                          oneMinusDampening: f32, weightDecay: f32, flags: i32): void {
  const maximize = (flags & SGD_MAXIMIZE) != 0, nesterov = (flags & SGD_NESTEROV) != 0;
  const useMomentum = (flags & SGD_MOMENTUM) != 0, useWd = (flags & SGD_WEIGHT_DECAY) != 0;
  for (let i = 0; i < count; i++) {
    const p = descParam(table, i), g = descGrad(table, i), n = descLen(table, i);
    const buf = descState(table, i, 0);
    const first = coef(coefs, i, 0) != 0;
    // 4 lanes at a time; every lane op is the same IEEE op as the scalar tail below.
    const vlr = f32x4.splat(negLr), vm = f32x4.splat(momentum), vdamp = f32x4.splat(oneMinusDampening);
    const vwd = f32x4.splat(weightDecay);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      const w = v128.load(p + o);
      let d = v128.load(g + o);
      if (maximize) d = f32x4.neg(d);
      if (useWd) d = f32x4.add(d, f32x4.mul(vwd, w));
      if (useMomentum) {
        const b = first ? d : f32x4.add(f32x4.mul(v128.load(buf + o), vm), f32x4.mul(vdamp, d));
        v128.store(buf + o, b);
        d = nesterov ? f32x4.add(d, f32x4.mul(vm, b)) : b;
      }
      v128.store(p + o, f32x4.add(w, f32x4.mul(vlr, d)));
    }
    for (; j < n; j++) {
      const w = f32At(p, j);
      let d = f32At(g, j);
      if (maximize) d = -d;
      if (useWd) d = d + weightDecay * w;
      if (useMomentum) {
        let b: f32;
        if (first) b = d;
        else b = f32At(buf, j) * momentum + oneMinusDampening * d;
        setF32(buf, j, b);
        d = nesterov ? d + momentum * b : b;
      }
      setF32(p, j, w + negLr * d);
    }
  }
}
