// torch 1.13 _single_tensor_{rmsprop,adagrad,adadelta,asgd,rprop}, per tensor.
import { pow } from "../../ts/backend/scalar_math.ts";
import { addA, addcdiv, addcmul, buf, f, mul, sqrt, type RefParam } from "./reference_common.ts";

const grad = (x: RefParam, i: number, maximize: boolean, wd: number): number => {
  const g = maximize ? -x.g[i] : x.g[i];
  return wd !== 0 ? addA(g, x.p[i], wd) : g;
};

export function refRMSprop(x: RefParam, o: { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean; maximize: boolean }): void {
  const n = x.p.length;
  const sa = buf(x, "squareAvg", n);
  const mb = o.momentum > 0 ? buf(x, "momentumBuffer", n) : null;
  const ga = o.centered ? buf(x, "gradAvg", n) : null;
  x.state.step = ((x.state.step as number | undefined) ?? 0) + 1;
  for (let i = 0; i < n; i++) {
    const g = grad(x, i, o.maximize, o.weightDecay);
    sa[i] = addcmul(mul(sa[i], o.alpha), g, g, 1 - o.alpha);
    let avg: number;
    if (ga) {
      ga[i] = addA(mul(ga[i], o.alpha), g, 1 - o.alpha);
      avg = sqrt(addcmul(sa[i], ga[i], ga[i], -1));
    } else {
      avg = sqrt(sa[i]);
    }
    avg = f(avg + f(o.eps));
    if (mb) {
      mb[i] = addcdiv(mul(mb[i], o.momentum), g, avg, 1);
      x.p[i] = addA(x.p[i], mb[i], -o.lr);
    } else {
      x.p[i] = addcdiv(x.p[i], g, avg, -o.lr);
    }
  }
}

export function refAdagrad(x: RefParam, o: { lr: number; lrDecay: number; eps: number; weightDecay: number; initialAccumulatorValue: number; maximize: boolean }): void {
  const n = x.p.length;
  const sum = buf(x, "sum", n, o.initialAccumulatorValue);
  const step = f(((x.state.step as number | undefined) ?? 0) + 1);
  x.state.step = step;
  const clr = o.lr / (1 + (step - 1) * o.lrDecay);
  for (let i = 0; i < n; i++) {
    const g = grad(x, i, o.maximize, o.weightDecay);
    sum[i] = addcmul(sum[i], g, g, 1);
    x.p[i] = addcdiv(x.p[i], g, f(sqrt(sum[i]) + f(o.eps)), -clr);
  }
}

export function refAdadelta(x: RefParam, o: { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean }): void {
  const n = x.p.length;
  const sa = buf(x, "squareAvg", n), ad = buf(x, "accDelta", n);
  x.state.step = ((x.state.step as number | undefined) ?? 0) + 1;
  for (let i = 0; i < n; i++) {
    const g = grad(x, i, o.maximize, o.weightDecay);
    sa[i] = addcmul(mul(sa[i], o.rho), g, g, 1 - o.rho);
    const std = sqrt(f(sa[i] + f(o.eps)));
    const delta = f(f(sqrt(f(ad[i] + f(o.eps))) / std) * g);
    ad[i] = addcmul(mul(ad[i], o.rho), delta, delta, 1 - o.rho);
    x.p[i] = addA(x.p[i], delta, -o.lr);
  }
}

export function refASGD(x: RefParam, o: { lr: number; lambd: number; alpha: number; t0: number; weightDecay: number; maximize: boolean }): void {
  const n = x.p.length;
  const ax = buf(x, "ax", n);
  if (x.state.eta === undefined) { x.state.eta = f(o.lr); x.state.mu = 1; x.state.step = 0; }
  const step = f((x.state.step as number) + 1);
  x.state.step = step;
  const eta = x.state.eta as number, mu = x.state.mu as number;
  for (let i = 0; i < n; i++) {
    const g = grad(x, i, o.maximize, o.weightDecay);
    x.p[i] = mul(x.p[i], 1 - o.lambd * eta);
    x.p[i] = addA(x.p[i], g, -eta);
    ax[i] = mu !== 1 ? f(ax[i] + mul(f(x.p[i] - ax[i]), mu)) : x.p[i];
  }
  x.state.eta = f(o.lr / pow(1 + o.lambd * o.lr * step, o.alpha));
  x.state.mu = f(1 / Math.max(1, step - o.t0));
}

export function refRprop(x: RefParam, o: { lr: number; etas: [number, number]; stepSizes: [number, number]; maximize: boolean }): void {
  const n = x.p.length;
  const prev = buf(x, "prev", n), ss = buf(x, "stepSize", n, o.lr);
  const [etaminus, etaplus] = o.etas.map(f), [lo, hi] = o.stepSizes.map(f);
  x.state.step = ((x.state.step as number | undefined) ?? 0) + 1;
  for (let i = 0; i < n; i++) {
    let g = o.maximize ? -x.g[i] : x.g[i];
    const prod = f(g * prev[i]);
    const sign = prod > 0 ? etaplus : prod < 0 ? etaminus : 1;
    ss[i] = Math.min(Math.max(f(ss[i] * sign), lo), hi);
    if (sign === etaminus) g = 0;
    x.p[i] = addcmul(x.p[i], Math.sign(g), ss[i], -1);
    prev[i] = g;
  }
}
