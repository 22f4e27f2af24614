// The WGSL optimizer updates (ts/gpu/optim) against the WASM ones through the real SGD /
// Adam / AdamW classes on fulgur-wasm: same starting values, same gradients, several steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import { SGD, Adam, AdamW, StateBuffer } from "../../ts/optim/index.ts";
import { pow } from "../../ts/backend/scalar_math.ts";
import { ADAM_FLAGS, SGD_FLAGS, flags } from "../../ts/optim/kernels.ts";
import { gpuUpdate, hasGpuUpdate } from "../../ts/gpu/optim/index.ts";
import { assertClose, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
const SHAPES = [[5, 3], [7]];
const STEPS = 3;
const startValues = SHAPES.map((s, k) => seeded(s.reduce((a, b) => a * b, 1), 11 + k));
const gradAt = (step: number, k: number) => seeded(startValues[k].length, 100 * step + k + 1);

function makeParams(): Parameter[] {
  return SHAPES.map((s, k) => new Parameter(tf.tensor(startValues[k], s, "float32")));
}
function setGrads(ps: Parameter[], step: number): void {
  ps.forEach((p, k) => {
    p.grad?.value.dispose();
    p.grad = new Tensor(tf.keep(tf.tensor(gradAt(step, k), p.shape, "float32")));
  });
}

/** Reference: the optimizer class on fulgur-wasm. */
async function wasmRun(make: (ps: Parameter[]) => { step(): unknown }): Promise<number[][]> {
  return onWasm(() => {
    const ps = makeParams();
    const opt = make(ps);
    for (let s = 0; s < STEPS; s++) {
      setGrads(ps, s);
      opt.step();
    }
    return ps.map((p) => Array.from(p.value.dataSync()));
  });
}

type SgdOpts = { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean; maximize: boolean };

async function gpuSgd(o: SgdOpts): Promise<number[][]> {
  const ps = makeParams();
  const bufs = ps.map((p) => new StateBuffer(p.shape));
  const f = flags([[o.maximize, SGD_FLAGS.maximize], [o.nesterov, SGD_FLAGS.nesterov], [o.momentum !== 0, SGD_FLAGS.momentum], [o.weightDecay !== 0, SGD_FLAGS.weightDecay]]);
  for (let s = 0; s < STEPS; s++) {
    setGrads(ps, s);
    gpuUpdate("SGD")(ps.map((p, k) => ({ param: p, slots: [bufs[k]], coefs: [s === 0 ? 1 : 0] })), [-o.lr, o.momentum, 1 - o.dampening, o.weightDecay, f]);
  }
  const out = await Promise.all(ps.map(async (p) => Array.from(await p.value.data())));
  bufs.forEach((b) => b.free());
  return out;
}

type AdamOpts = { lr: number; betas: [number, number]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean };

async function gpuAdam(o: AdamOpts, decoupled: boolean): Promise<number[][]> {
  const ps = makeParams();
  const slots = ps.map((p) => [new StateBuffer(p.shape), new StateBuffer(p.shape), o.amsgrad ? new StateBuffer(p.shape) : null]);
  const [b1, b2] = o.betas;
  const f = flags([[o.maximize, ADAM_FLAGS.maximize], [o.amsgrad, ADAM_FLAGS.amsgrad], [!decoupled && o.weightDecay !== 0, ADAM_FLAGS.l2], [decoupled, ADAM_FLAGS.decoupled]]);
  for (let s = 0; s < STEPS; s++) {
    setGrads(ps, s);
    const step = s + 1;
    const coefs = [-(o.lr / (1 - pow(b1, step))), Math.sqrt(1 - pow(b2, step))];
    gpuUpdate(decoupled ? "AdamW" : "Adam")(ps.map((p, k) => ({ param: p, slots: slots[k], coefs })),
      [b1, b2, 1 - b1, 1 - b2, o.eps, o.weightDecay, 1 - o.lr * o.weightDecay, f]);
  }
  const out = await Promise.all(ps.map(async (p) => Array.from(await p.value.data())));
  slots.flat().forEach((b) => b?.free());
  return out;
}

function compare(gpu: number[][], wasm: number[][], what: string): void {
  gpu.forEach((v, k) => assertClose(v, wasm[k], 1e-5, 1e-6, `${what} param ${k}`));
}

const SGD_CASES: SgdOpts[] = [
  { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: false, maximize: false },
  { lr: 0.05, momentum: 0.8, dampening: 0, weightDecay: 0.02, nesterov: true, maximize: true },
];
for (const o of SGD_CASES) {
  test(`SGD GPU update matches the WASM update: ${JSON.stringify(o)}`, { skip }, async () => {
    compare(await gpuSgd(o), await wasmRun((ps) => new SGD(ps, o)), "SGD");
  });
}

const ADAM_CASES: AdamOpts[] = [
  { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
  { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1, amsgrad: true, maximize: true },
];
for (const o of ADAM_CASES) {
  test(`Adam GPU update matches the WASM update: ${JSON.stringify(o)}`, { skip }, async () => {
    compare(await gpuAdam(o, false), await wasmRun((ps) => new Adam(ps, o)), "Adam");
  });
  test(`AdamW GPU update matches the WASM update: ${JSON.stringify(o)}`, { skip }, async () => {
    compare(await gpuAdam(o, true), await wasmRun((ps) => new AdamW(ps, o)), "AdamW");
  });
}

test("an optimizer without a GPU update is named in the error", { skip }, () => {
  assert.equal(hasGpuUpdate("Adam"), true);
  for (const name of ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "ASGD", "NAdam", "RAdam", "Rprop"]) {
    assert.equal(hasGpuUpdate(name), true, name);
  }
  assert.equal(hasGpuUpdate("LBFGS"), false);
  assert.throws(() => gpuUpdate("LBFGS"), /LBFGS has no WebGPU update yet \(GPU updates exist for SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, ASGD, NAdam, RAdam, Rprop\)/);
});

test("a GPU update writes the parameter in place without touching a tensor sharing its data", { skip }, async () => {
  const p = new Parameter(tf.tensor([1, 2, 3], [3], "float32"));
  const alias = tf.keep(tf.reshape(p.value, [3, 1])); // shares p's buffer
  p.grad = new Tensor(tf.keep(tf.tensor([1, 1, 1], [3], "float32")));
  gpuUpdate("SGD")([{ param: p, slots: [null], coefs: [0] }], [-0.5, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(await p.value.data()), [0.5, 1.5, 2.5]);
  assert.deepEqual(Array.from(await alias.data()), [1, 2, 3]);
  alias.dispose();
});
