// A param group's update on webgpu is one dispatch over flat buffers (parameters and gradients
// copied end to end, state kept in one flat pack per slot). These tests count the dispatches,
// and hold the flat path to fulgur-wasm when the group's membership changes between steps
// (a parameter without a gradient), across a state-dict round trip, and when state moves
// between the GPU pack and WASM memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Parameter, Tensor } from "../../ts/autograd/tensor.ts";
import { Adam, RMSprop, SGD, type Optimizer, type OptimizerStateDict } from "../../ts/optim/index.ts";
import { assertClose, countDispatches, onWasm, seeded, setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
const SHAPES = [[6, 5], [5], [3, 6], [3]];

function params(): Parameter[] {
  return SHAPES.map((s, k) => new Parameter(tf.tensor(seeded(s.reduce((a, b) => a * b, 1), 31 + k), s, "float32")));
}
/** Gradients for step `step`; parameter `without` (if any) gets none this step. */
function setGrads(ps: Parameter[], step: number, without = -1): void {
  ps.forEach((p, k) => {
    p.grad?.value.dispose();
    p.grad = k === without ? null : new Tensor(tf.keep(tf.tensor(seeded(p.size, 40 * step + k + 9), p.shape, "float32")));
  });
}

const read = (ps: Parameter[]) => Promise.all(ps.map(async (p) => Array.from((await p.value.data()) as Float32Array)));

test("one dispatch updates a whole param group, however many parameters it holds", { skip }, () => {
  for (const [name, make] of [
    ["SGD momentum", (ps: Parameter[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
    ["Adam amsgrad", (ps: Parameter[]) => new Adam(ps, { lr: 0.01, amsgrad: true })],
    ["RMSprop centered momentum", (ps: Parameter[]) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
  ] as Array<[string, (ps: Parameter[]) => Optimizer]>) {
    const ps = params();
    const opt = make(ps);
    for (let s = 0; s < 3; s++) {
      setGrads(ps, s);
      assert.equal(countDispatches(() => opt.step()), 1, `${name}, step ${s}`);
    }
    opt.dispose();
  }
  const ps = params();
  const two = new Adam([{ params: ps.slice(0, 2) }, { params: ps.slice(2), lr: 0.1 }], { lr: 0.01 });
  setGrads(ps, 0);
  assert.equal(countDispatches(() => two.step()), 2, "two param groups");
  two.dispose();
});

/** Adam with per-step membership changes, a state-dict round trip after step 3. */
async function trajectory(): Promise<{ params: number[][]; state: OptimizerStateDict }> {
  const ps = params();
  let opt = new Adam([{ params: ps.slice(0, 3) }, { params: ps.slice(3), lr: 0.05 }], { lr: 0.01, weightDecay: 0.1 });
  const missing = [-1, 1, -1, 0, -1, -1];
  for (let s = 0; s < missing.length; s++) {
    setGrads(ps, s, missing[s]);
    opt.step();
    if (s === 3) {
      const sd = await opt.stateDictAsync();
      opt.dispose();
      opt = new Adam([{ params: ps.slice(0, 3) }, { params: ps.slice(3), lr: 0.05 }], { lr: 0.01, weightDecay: 0.1 });
      opt.loadStateDict(JSON.parse(JSON.stringify(sd)));
    }
  }
  const out = { params: await read(ps), state: await opt.stateDictAsync() };
  opt.dispose();
  return out;
}

test("the flat path matches fulgur-wasm when parameters skip steps and across a state-dict round trip", { skip }, async () => {
  const want = await onWasm(trajectory);
  const got = await trajectory();
  got.params.forEach((p, k) => assertClose(p, want.params[k], 1e-5, 1e-6, `parameter ${k}`));
  for (const [id, s] of Object.entries(want.state.state)) {
    const g = got.state.state[id] as Record<string, unknown>;
    for (const [key, v] of Object.entries(s as Record<string, unknown>)) {
      if (Array.isArray(v)) assertClose(g[key] as number[], v as number[], 1e-5, 1e-6, `state ${id}.${key}`);
      else assert.deepEqual(g[key], v, `state ${id}.${key}`);
    }
  }
});

test("packed state follows the optimizer from the GPU to WASM and back", { skip }, async () => {
  const want = await onWasm(async () => {
    const ps = params();
    const opt = new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true });
    for (let s = 0; s < 4; s++) {
      setGrads(ps, s);
      opt.step();
    }
    return read(ps);
  });
  const ps = params();
  const opt = new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true });
  const onGpu = async (s: number) => {
    setGrads(ps, s);
    opt.step();
    await Promise.all(ps.map((p) => p.value.data())); // the next backend reads these values
  };
  await onGpu(0);
  await onGpu(1);
  // steps 2 and 3 on fulgur-wasm: the momentum buffers leave their GPU pack for WASM memory
  const moved = await read(ps);
  await onWasm(async () => {
    ps.forEach((p, k) => {
      p.value = tf.keep(tf.tensor(moved[k], p.shape, "float32"));
    });
    await opt.stateDictAsync(); // reads the GPU state without blocking; the move to WASM then uses that copy
    for (let s = 2; s < 4; s++) {
      setGrads(ps, s);
      opt.step();
    }
    const vals = await read(ps);
    vals.forEach((v, k) => assertClose(v, want[k], 1e-6, 1e-7, `parameter ${k} after WASM steps`));
  });
  opt.dispose();
});
