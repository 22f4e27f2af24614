// The fused WASM kernels against the plain per-tensor TypeScript references (reference_*.ts):
// identical float32 op order, so every parameter and state value must match bit for bit,
// on fulgur-wasm (in place) and on tfjs-cpu (copy path).
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { init } from "../../ts/index.node.ts";
import type { Parameter } from "../../ts/autograd/tensor.ts";
import {
  ASGD, Adadelta, Adagrad, Adam, AdamW, Adamax, NAdam, RAdam, RMSprop, Rprop, SGD, StateBuffer, type Optimizer,
} from "../../ts/optim/index.ts";
import type { RefParam } from "./reference_common.ts";
import { refSGD } from "./reference_sgd.ts";
import { refAdam, refAdamax, refNAdam, refRAdam } from "./reference_adam.ts";
import { refASGD, refAdadelta, refAdagrad, refRMSprop, refRprop } from "./reference_adaptive.ts";
import { assertBitsEqual, makeParams, setGrad, values } from "./helpers.ts";

const SHAPES = [[7, 5], [13], [1]];

/** Deterministic pseudo-random float32 values in [-scale, scale), with some exact zeros. */
function pseudoRandom(seed: number, n: number, scale: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(s % 11 === 0 ? 0 : Math.fround(((s / 2 ** 32) * 2 - 1) * scale));
  }
  return out;
}

interface Config {
  name: string;
  make: (ps: Parameter[]) => Optimizer;
  ref: (x: RefParam) => void;
}

const sgd = { lr: 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.01, nesterov: false, maximize: false };
const sgdN = { lr: 0.05, momentum: 0.7, dampening: 0, weightDecay: 0.02, nesterov: true, maximize: true };
const adam = { lr: 0.01, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0.01, amsgrad: true, maximize: false };
const adamMax = { ...adam, amsgrad: false, maximize: true, weightDecay: 0 };
const rms = { lr: 0.01, alpha: 0.95, eps: 1e-6, weightDecay: 0.01, momentum: 0.5, centered: true, maximize: false };
const rmsPlain = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: true };
const adagrad = { lr: 0.1, lrDecay: 0.01, eps: 1e-10, weightDecay: 0.02, initialAccumulatorValue: 0.1, maximize: true };
const adadelta = { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0.01, maximize: false };
const adamax = { lr: 0.002, betas: [0.9, 0.99] as [number, number], eps: 1e-8, weightDecay: 0.01, maximize: true };
const nadam = { lr: 0.002, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0.01, maximize: false, momentumDecay: 0.004 };
const radam = { lr: 0.01, betas: [0.9, 0.6] as [number, number], eps: 1e-8, weightDecay: 0.01, maximize: false };
const asgd = { lr: 0.05, lambd: 0.001, alpha: 0.75, t0: 2, weightDecay: 0.01, maximize: false };
const rprop = { lr: 0.01, etas: [0.5, 1.2] as [number, number], stepSizes: [1e-6, 50] as [number, number], maximize: false };

const CONFIGS: Config[] = [
  { name: "SGD momentum dampening wd", make: (ps) => new SGD(ps, sgd), ref: (x) => refSGD(x, sgd) },
  { name: "SGD nesterov maximize", make: (ps) => new SGD(ps, sgdN), ref: (x) => refSGD(x, sgdN) },
  { name: "Adam amsgrad wd", make: (ps) => new Adam(ps, adam), ref: (x) => refAdam(x, adam, false) },
  { name: "Adam maximize", make: (ps) => new Adam(ps, adamMax), ref: (x) => refAdam(x, adamMax, false) },
  { name: "AdamW amsgrad", make: (ps) => new AdamW(ps, adam), ref: (x) => refAdam(x, adam, true) },
  { name: "RMSprop centered momentum wd", make: (ps) => new RMSprop(ps, rms), ref: (x) => refRMSprop(x, rms) },
  { name: "RMSprop plain maximize", make: (ps) => new RMSprop(ps, rmsPlain), ref: (x) => refRMSprop(x, rmsPlain) },
  { name: "Adagrad", make: (ps) => new Adagrad(ps, adagrad), ref: (x) => refAdagrad(x, adagrad) },
  { name: "Adadelta", make: (ps) => new Adadelta(ps, adadelta), ref: (x) => refAdadelta(x, adadelta) },
  { name: "Adamax", make: (ps) => new Adamax(ps, adamax), ref: (x) => refAdamax(x, { ...adamax, amsgrad: false }) },
  { name: "NAdam", make: (ps) => new NAdam(ps, nadam), ref: (x) => refNAdam(x, { ...nadam, amsgrad: false }) },
  { name: "RAdam", make: (ps) => new RAdam(ps, radam), ref: (x) => refRAdam(x, { ...radam, amsgrad: false }) },
  { name: "ASGD", make: (ps) => new ASGD(ps, asgd), ref: (x) => refASGD(x, asgd) },
  { name: "Rprop", make: (ps) => new Rprop(ps, rprop), ref: (x) => refRprop(x, rprop) },
];

for (const backend of ["fulgur-wasm", "cpu"] as const) {
  describe(`fused kernels match the per-tensor reference bit for bit on ${backend}`, () => {
    before(async () => {
      await init({ backend });
    });
    for (const c of CONFIGS) {
      test(c.name, async () => {
        await tf.setBackend(backend);
        const init0 = SHAPES.map((s, k) => pseudoRandom(17 + k, s.reduce((a, b) => a * b, 1), 1));
        const params = makeParams(init0, SHAPES);
        const refs: RefParam[] = init0.map((v) => ({ p: Float32Array.from(v), g: new Float32Array(0), state: {} }));
        const opt = c.make(params);
        for (let step = 0; step < 7; step++) {
          params.forEach((p, k) => {
            const g = pseudoRandom(1000 * step + k, p.size, step % 2 ? 0.5 : 2);
            setGrad(p, g);
            refs[k].g = Float32Array.from(g);
          });
          opt.step();
          refs.forEach((r) => c.ref(r));
          params.forEach((p, k) => {
            assertBitsEqual(values(p), refs[k].p, `${c.name} step ${step} param ${k}`);
            const st = opt.state.get(p)!;
            for (const [key, v] of Object.entries(refs[k].state)) {
              const mine = st[key];
              if (v instanceof Float32Array) assertBitsEqual((mine as StateBuffer).data(), v, `${c.name} step ${step} state ${key}`);
              else if (mine !== v) throw new Error(`${c.name} step ${step} state ${key}: ${String(mine)} != ${String(v)}`);
            }
          });
        }
        opt.dispose();
      });
    }
  });
}
