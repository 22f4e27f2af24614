// stateDict / loadStateDict: save after 3 steps, JSON round trip, load into a fresh
// optimizer over fresh parameters, continue — identical bits to the uninterrupted run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Parameter, tensor, type Tensor } from "../../ts/autograd/index.ts";
import { createOptimizer, type Optimizer } from "../../ts/optim/index.ts";
import { assertBitsEqual, makeParams, setGrad, values } from "./helpers.ts";

before(async () => {
  await init();
});

const SHAPES = [[2, 3], [4]];
const INIT = [[0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [0.7, -0.8, 0.9, -1.0]];
const gradAt = (step: number, k: number, n: number): number[] =>
  Array.from({ length: n }, (_, j) => Math.fround(Math.sin(0.37 * step + 0.91 * j + k) * (1 + k)));

const CASES: Array<[string, Record<string, unknown>]> = [
  ["SGD", { lr: 0.1, momentum: 0.9, nesterov: true }],
  ["Adam", { lr: 0.01, amsgrad: true, weight_decay: 0.1 }],
  ["AdamW", { lr: 0.01 }],
  ["RMSprop", { lr: 0.01, centered: true, momentum: 0.5 }],
  ["Adagrad", { lr: 0.1, lr_decay: 0.1 }],
  ["Adadelta", { rho: 0.8 }],
  ["Adamax", { lr: 0.01 }],
  ["NAdam", { lr: 0.01 }],
  ["RAdam", { lr: 0.01, betas: [0.9, 0.5] }],
  ["ASGD", { lr: 0.05, t0: 2 }],
  ["Rprop", { lr: 0.05 }],
];

function run(type: string, args: Record<string, unknown>, params: Parameter[], opt: Optimizer, from: number, to: number): void {
  for (let s = from; s < to; s++) {
    opt.zeroGrad();
    params.forEach((p, k) => setGrad(p, gradAt(s, k, p.size)));
    opt.step();
  }
  void type; void args;
}

for (const [type, args] of CASES) {
  test(`${type}: state dict round trip mid-run is exact`, () => {
    const a = makeParams(INIT, SHAPES);
    const optA = createOptimizer(type, [{ params: [a[0]] }, { params: [a[1]], lr: 0.02 }], args);
    run(type, args, a, optA, 0, 6);

    const b = makeParams(INIT, SHAPES);
    const optB = createOptimizer(type, [{ params: [b[0]] }, { params: [b[1]], lr: 0.02 }], args);
    run(type, args, b, optB, 0, 3);
    const saved = JSON.parse(JSON.stringify(optB.stateDict()));
    assert.deepEqual(saved.paramGroups.map((g: { params: number[] }) => g.params), [[0], [1]]);
    assert.deepEqual(Object.keys(saved.state).sort(), ["0", "1"]);
    if (type === "SGD") assert.equal(saved.state["0"].momentumBuffer.length, 6); // torch SGD keeps no step
    else assert.equal(saved.state["0"].step, 3);

    // resume: fresh parameters holding the saved values, fresh optimizer, loaded state
    const c = b.map((p) => new Parameter(tensor(values(p), p.shape).value));
    const optC = createOptimizer(type, [{ params: [c[0]] }, { params: [c[1]] }], args);
    optC.loadStateDict(saved);
    assert.equal(optC.paramGroups[1].lr, 0.02, "group options come from the state dict");
    run(type, args, c, optC, 3, 6);
    c.forEach((p, k) => assertBitsEqual(values(p), values(a[k]), `${type} param ${k}`));
    assert.deepEqual(JSON.parse(JSON.stringify(optC.stateDict())), JSON.parse(JSON.stringify(optA.stateDict())));
    [optA, optB, optC].forEach((o) => o.dispose());
  });
}

test("LBFGS: state dict round trip mid-run is exact", () => {
  const x = tensor([[1, 0.5], [-0.3, 0.8], [0.2, -1]]), y = tensor([[0.5], [-0.2], [0.9]]);
  const setup = () => {
    const w = new Parameter(tensor([[0.1], [-0.1]]).value);
    const opt = createOptimizer("LBFGS", [w], { lr: 0.5, max_iter: 2, history_size: 3 });
    const closure = (): Tensor => {
      opt.zeroGrad();
      const d = x.matmul(w).sub(y);
      const loss = d.mul(d).mean();
      loss.backward();
      return loss;
    };
    return { w, opt, closure };
  };
  const a = setup();
  for (let i = 0; i < 5; i++) a.opt.step(a.closure);
  const b = setup();
  for (let i = 0; i < 2; i++) b.opt.step(b.closure);
  const saved = JSON.parse(JSON.stringify(b.opt.stateDict()));
  const c = setup();
  c.w.value.dispose();
  c.w.value = tensor(values(b.w), [2, 1]).value;
  c.opt.loadStateDict(saved);
  for (let i = 2; i < 5; i++) c.opt.step(c.closure);
  assertBitsEqual(values(c.w), values(a.w), "LBFGS w");
});

test("loadStateDict rejects mismatched groups with torch's messages", () => {
  const ps = makeParams(INIT, SHAPES);
  const opt = createOptimizer("SGD", ps, { lr: 0.1 });
  const other = createOptimizer("SGD", [{ params: [ps[0]] }, { params: [ps[1]] }], { lr: 0.1 });
  assert.throws(() => opt.loadStateDict(other.stateDict()), /loaded state dict has a different number of parameter groups/);
  const small = createOptimizer("SGD", [ps[0]], { lr: 0.1 });
  assert.throws(() => opt.loadStateDict(small.stateDict()), /doesn't match the size of optimizer's group/);
});
