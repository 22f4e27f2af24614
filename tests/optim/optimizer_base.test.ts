// Optimizer base semantics: validation messages (torch's wording), parameter groups,
// zeroGrad, step(closure), null gradients, and the torch-named factory.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { init } from "../../ts/index.node.ts";
import { Parameter, isGradEnabled, noGrad, tensor } from "../../ts/autograd/index.ts";
import {
  ASGD, Adadelta, Adagrad, Adam, AdamW, LBFGS, NAdam, RMSprop, Rprop, SGD, createOptimizer,
} from "../../ts/optim/index.ts";
import { makeParams, setGrad, values } from "./helpers.ts";
import { FulgurError } from "../../ts/errors.ts";

before(async () => {
  await init();
});

const params = () => makeParams([[1, 2, 3], [4, 5]], [[3], [2]]);

test("constructor validation uses torch's messages", () => {
  const ps = params();
  // torch raises ValueError here; ours is a FulgurError named the same
  assert.throws(() => new SGD(ps, { lr: -1 }), (e: Error) => e instanceof FulgurError && /^ValueError: Invalid learning rate: -1$/.test(String(e)));
  assert.throws(() => new SGD(ps), /parameter group didn't specify a value of required optimization parameter lr/);
  assert.throws(() => new SGD(ps, { lr: 0.1, momentum: -0.5 }), /Invalid momentum value: -0.5/);
  assert.throws(() => new SGD(ps, { lr: 0.1, weightDecay: -1 }), /Invalid weight_decay value: -1/);
  assert.throws(() => new SGD(ps, { lr: 0.1, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/);
  assert.throws(() => new Adam(ps, { betas: [1.5, 0.9] }), /Invalid beta parameter at index 0: 1.5/);
  assert.throws(() => new AdamW(ps, { betas: [0.9, 1] }), /Invalid beta parameter at index 1: 1/);
  assert.throws(() => new Adam(ps, { eps: -1e-8 }), /Invalid epsilon value: -1e-8/);
  assert.throws(() => new RMSprop(ps, { alpha: -0.1 }), /Invalid alpha value: -0.1/);
  assert.throws(() => new Adagrad(ps, { lrDecay: -1 }), /Invalid lr_decay value: -1/);
  assert.throws(() => new Adagrad(ps, { initialAccumulatorValue: -1 }), /Invalid initial_accumulator_value value: -1/);
  assert.throws(() => new Adadelta(ps, { rho: 1.5 }), /Invalid rho value: 1.5/);
  assert.throws(() => new NAdam(ps, { momentumDecay: -1 }), /Invalid momentum_decay value: -1/);
  assert.throws(() => new Rprop(ps, { etas: [1.5, 1.2] }), /Invalid eta values: 1.5, 1.2/);
  assert.throws(() => new ASGD(ps, { weightDecay: -2 }), /Invalid weight_decay value: -2/);
  assert.throws(() => new SGD([], { lr: 0.1 }), /optimizer got an empty parameter list/);
  assert.throws(() => new LBFGS([{ params: [ps[0]] }, { params: [ps[1]] }]), /LBFGS doesn't support per-parameter options/);
});

test("parameter groups: defaults filled in, overrides kept, duplicates across groups rejected", () => {
  const ps = params();
  const opt = new Adam([{ params: [ps[0]], lr: 0.5 }, { params: [ps[1]], betas: [0.8, 0.9] }], { lr: 0.01 });
  assert.equal(opt.paramGroups[0].lr, 0.5);
  assert.deepEqual(opt.paramGroups[0].betas, [0.9, 0.999]);
  assert.equal(opt.paramGroups[1].lr, 0.01);
  assert.deepEqual(opt.paramGroups[1].betas, [0.8, 0.9]);
  assert.deepEqual(Object.keys(opt.paramGroups[1]).sort(),
    ["amsgrad", "betas", "capturable", "differentiable", "eps", "foreach", "fused", "lr", "maximize", "params", "weightDecay"]);
  assert.throws(() => opt.addParamGroup({ params: [ps[0]] }), /some parameters appear in more than one parameter group/);
  const extra = new Parameter(tf.ones([2]));
  opt.addParamGroup({ params: extra, lr: 1 });
  assert.equal(opt.paramGroups.length, 3);
  assert.deepEqual(opt.paramGroups[2].params, [extra]);
  assert.throws(() => new SGD([{ params: [tensor([1], undefined, { requiresGrad: true }).mul(2) as Parameter] }], { lr: 1 }), /can't optimize a non-leaf Tensor/);
});

test("zeroGrad zeroes in place by default, keeps null grads null, setToNone clears", () => {
  const ps = params();
  const opt = new SGD(ps, { lr: 0.1 });
  setGrad(ps[0], [1, 2, 3]);
  const gradObject = ps[0].grad;
  opt.zeroGrad();
  assert.equal(ps[0].grad, gradObject, "the same grad Tensor, zeroed");
  assert.deepEqual(values(ps[0].grad!), [0, 0, 0]);
  assert.equal(ps[1].grad, null);
  opt.zeroGrad(true);
  assert.equal(ps[0].grad, null);
});

test("a zeroed gradient still moves momentum and weight decay; a null gradient is skipped", () => {
  const ps = params();
  const opt = new SGD(ps, { lr: 0.1, momentum: 0.9, weightDecay: 0.5 });
  setGrad(ps[0], [1, 1, 1]);
  opt.step();
  opt.zeroGrad();
  const before = values(ps[0]);
  opt.step();
  assert.notDeepEqual(values(ps[0]), before);
  assert.deepEqual(values(ps[1]), [4, 5]);
  assert.equal(opt.state.has(ps[1]), false, "no state for a parameter that never had a gradient");
});

test("step(closure) evaluates the closure with grad enabled and returns its loss", () => {
  const ps = params();
  const opt = new SGD(ps, { lr: 0.1 });
  let enabled = false;
  const loss = noGrad(() => opt.step(() => {
    enabled = isGradEnabled();
    setGrad(ps[0], [1, 0, -1]);
    return 42;
  }));
  assert.equal(loss, 42);
  assert.equal(enabled, true);
  assert.deepEqual(values(ps[0]).map((v) => Math.round(v * 1e6) / 1e6), [0.9, 2, 3.1]);
  assert.equal(opt.step(), undefined);
});

test("createOptimizer maps torch kwargs and rejects unknown ones", () => {
  const ps = params();
  const opt = createOptimizer("Adam", [{ params: [ps[0]], weight_decay: 0.1 }, { params: [ps[1]] }],
    { lr: 0.01, betas: [0.8, 0.99], weight_decay: 0, amsgrad: true, foreach: null });
  assert.ok(opt instanceof Adam);
  assert.equal(opt.paramGroups[0].weightDecay, 0.1);
  assert.equal(opt.paramGroups[1].weightDecay, 0);
  assert.deepEqual(opt.paramGroups[1].betas, [0.8, 0.99]);
  assert.equal(opt.paramGroups[1].amsgrad, true);
  const lb = createOptimizer("LBFGS", ps, { max_iter: 7, line_search_fn: "strong_wolfe", tolerance_grad: 1e-5 });
  assert.equal(lb.paramGroups[0].maxIter, 7);
  assert.equal(lb.paramGroups[0].maxEval, 8);
  assert.equal(lb.paramGroups[0].lineSearchFn, "strong_wolfe");
  assert.throws(() => createOptimizer("SGD", ps, { lr: 0.1, betas: [0.9, 0.9] }), /SGD.__init__\(\) got an unexpected keyword argument 'betas'/);
  assert.throws(() => createOptimizer("Adamm", ps, {}), /unknown optimizer type "Adamm"/);
  const r = createOptimizer("Rprop", ps, { etas: [0.4, 1.3], step_sizes: [0.001, 1] });
  assert.deepEqual(r.paramGroups[0].stepSizes, [0.001, 1]);
});

test("Adam capturable / differentiable fail clearly instead of running other math", () => {
  const ps = params();
  ps.forEach((p) => setGrad(p, new Array(p.size).fill(1)));
  assert.throws(() => new Adam(ps, { capturable: true }).step(), /If capturable=True, params and state_steps must be CUDA tensors/);
  assert.throws(() => new Adam(ps, { differentiable: true }).step(), /differentiable=True\) is not supported/);
  assert.throws(() => new Adam(ps, { fused: true }), /FusedAdam requires all the params to be CUDA/);
});
