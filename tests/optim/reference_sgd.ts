// torch 1.13 _single_tensor_sgd, per tensor.
import { addA, f, type RefParam } from "./reference_common.ts";

export function refSGD(x: RefParam, o: { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean }): void {
  const n = x.p.length;
  let d = Float32Array.from(x.g, (g) => (o.maximize ? -g : g));
  if (o.weightDecay !== 0) d = d.map((v, i) => addA(v, x.p[i], o.weightDecay));
  if (o.momentum !== 0) {
    let b = x.state.momentumBuffer as Float32Array | null | undefined;
    if (!b) {
      b = Float32Array.from(d);
      x.state.momentumBuffer = b;
    } else {
      for (let i = 0; i < n; i++) b[i] = addA(f(b[i] * f(o.momentum)), d[i], 1 - o.dampening);
    }
    const bb = b;
    d = o.nesterov ? d.map((v, i) => addA(v, bb[i], o.momentum)) : Float32Array.from(bb);
  }
  for (let i = 0; i < n; i++) x.p[i] = addA(x.p[i], d[i], -o.lr);
}
