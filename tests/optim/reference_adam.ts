// torch 1.13 _single_tensor_{adam,adamw,adamax,nadam,radam}, per tensor.
import { pow } from "../../ts/backend/scalar_math.ts";
import { addA, addcdiv, addcmul, buf, div, f, mul, sqrt, type RefParam } from "./reference_common.ts";

interface AdamOpts { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean }

function nextStep(x: RefParam): number {
  const step = f(((x.state.step as number | undefined) ?? 0) + 1);
  x.state.step = step;
  return step;
}

export function refAdam(x: RefParam, o: AdamOpts, decoupled: boolean): void {
  const n = x.p.length, [b1, b2] = o.betas;
  const m = buf(x, "expAvg", n), v = buf(x, "expAvgSq", n);
  const vmax = o.amsgrad ? buf(x, "maxExpAvgSq", n) : null;
  const step = nextStep(x);
  for (let i = 0; i < n; i++) {
    let g = o.maximize ? -x.g[i] : x.g[i];
    if (decoupled) x.p[i] = mul(x.p[i], 1 - o.lr * o.weightDecay);
    else if (o.weightDecay !== 0) g = addA(g, x.p[i], o.weightDecay);
    m[i] = addA(mul(m[i], b1), g, 1 - b1);
    v[i] = addcmul(mul(v[i], b2), g, g, 1 - b2);
  }
  const stepSize = o.lr / (1 - pow(b1, step));
  const bc2Sqrt = Math.sqrt(1 - pow(b2, step));
  for (let i = 0; i < n; i++) {
    let s = v[i];
    if (vmax) s = vmax[i] = Math.max(vmax[i], v[i]);
    const denom = f(div(sqrt(s), bc2Sqrt) + f(o.eps));
    x.p[i] = addcdiv(x.p[i], m[i], denom, -stepSize);
  }
}

export function refAdamax(x: RefParam, o: AdamOpts): void {
  const n = x.p.length, [b1, b2] = o.betas;
  const m = buf(x, "expAvg", n), u = buf(x, "expInf", n);
  const step = nextStep(x);
  const clr = o.lr / (1 - pow(b1, step));
  for (let i = 0; i < n; i++) {
    let g = o.maximize ? -x.g[i] : x.g[i];
    if (o.weightDecay !== 0) g = addA(g, x.p[i], o.weightDecay);
    m[i] = addA(mul(m[i], b1), g, 1 - b1);
    u[i] = Math.max(mul(u[i], b2), f(Math.abs(g) + f(o.eps)));
    x.p[i] = addcdiv(x.p[i], m[i], u[i], -clr);
  }
}

export function refNAdam(x: RefParam, o: AdamOpts & { momentumDecay: number }): void {
  const n = x.p.length, [b1, b2] = o.betas;
  const m = buf(x, "expAvg", n), v = buf(x, "expAvgSq", n);
  if (x.state.muProduct === undefined) x.state.muProduct = 1;
  const step = nextStep(x);
  const bc2 = 1 - pow(b2, step);
  const mu = b1 * (1 - 0.5 * pow(0.96, step * o.momentumDecay));
  const muNext = b1 * (1 - 0.5 * pow(0.96, (step + 1) * o.momentumDecay));
  const mp = mul(x.state.muProduct as number, mu);
  x.state.muProduct = mp;
  const mpNext = mul(mul(mp, mu), muNext);
  for (let i = 0; i < n; i++) {
    let g = x.g[i];
    if (o.weightDecay !== 0) g = addA(g, x.p[i], o.weightDecay);
    m[i] = addA(mul(m[i], b1), g, 1 - b1);
    v[i] = addcmul(mul(v[i], b2), g, g, 1 - b2);
    const denom = f(sqrt(div(v[i], bc2)) + f(o.eps));
    x.p[i] = addcdiv(x.p[i], g, denom, (-o.lr * (1 - mu)) / (1 - mp));
    x.p[i] = addcdiv(x.p[i], m[i], denom, (-o.lr * muNext) / (1 - mpNext));
  }
}

export function refRAdam(x: RefParam, o: AdamOpts): void {
  const n = x.p.length, [b1, b2] = o.betas;
  const m = buf(x, "expAvg", n), v = buf(x, "expAvgSq", n);
  const step = nextStep(x);
  const bc1 = 1 - pow(b1, step), bc2 = 1 - pow(b2, step);
  const rhoInf = 2 / (1 - b2) - 1;
  const rhoT = rhoInf - (2 * step * pow(b2, step)) / bc2;
  for (let i = 0; i < n; i++) {
    let g = x.g[i];
    if (o.weightDecay !== 0) g = addA(g, x.p[i], o.weightDecay);
    m[i] = addA(mul(m[i], b1), g, 1 - b1);
    v[i] = addcmul(mul(v[i], b2), g, g, 1 - b2);
    const bcm = div(m[i], bc1);
    let upd: number;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const adaptive = mul(f(1 / f(sqrt(v[i]) + f(o.eps))), Math.sqrt(bc2));
      upd = mul(mul(mul(bcm, o.lr), adaptive), rect);
    } else {
      upd = mul(bcm, o.lr);
    }
    x.p[i] = addA(x.p[i], upd, -1);
  }
}
