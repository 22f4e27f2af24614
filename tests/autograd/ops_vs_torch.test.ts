// Every autograd op's forward value and input gradients against torch 1.13 (fixtures/gen_ops.py).
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/ops.json" with { type: "json" };
import { BACKENDS, useBackend } from "./backends.ts";
import { assertClose } from "./compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as F from "../../ts/nn/functional.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

type Args = Record<string, any>;
type OpFn = (xs: Tensor[], args: Args) => Tensor;

const OPS: Record<string, OpFn> = {
  add: ([a, b]) => a.add(b),
  sub: ([a, b]) => a.sub(b),
  mul: ([a, b]) => a.mul(b),
  div: ([a, b]) => a.div(b),
  pow_scalar: ([a], { exponent }) => a.pow(exponent),
  pow: ([a, b]) => a.pow(b),
  maximum: ([a, b]) => a.maximum(b),
  minimum: ([a, b]) => a.minimum(b),
  neg: ([a]) => a.neg(),
  exp: ([a]) => a.exp(),
  log: ([a]) => a.log(),
  log1p: ([a]) => a.log1p(),
  sqrt: ([a]) => a.sqrt(),
  square: ([a]) => a.square(),
  abs: ([a]) => a.abs(),
  clamp: ([a], { min, max }) => a.clamp(min, max),
  matmul: ([a, b]) => a.matmul(b),
  linear: ([x, w, b]) => ag.linear(x, w, b ?? null),
  sum: ([a], { dim, keepDim }) => a.sum(dim, keepDim ?? false),
  mean: ([a], { dim, keepDim }) => a.mean(dim, keepDim ?? false),
  reshape: ([a], { shape }) => a.reshape(shape),
  t: ([a]) => a.t(),
  tanh: ([a]) => a.tanh(),
  sigmoid: ([a]) => a.sigmoid(),
  relu: ([a]) => a.relu(),
  leakyRelu: ([a], { negativeSlope }) => ag.leakyRelu(a, negativeSlope),
  gelu: ([a]) => ag.gelu(a),
  softplus: ([a], { beta, threshold }) => ag.softplus(a, beta, threshold),
  logSoftmax: ([a], { dim }) => a.logSoftmax(dim),
  softmax: ([a], { dim }) => a.softmax(dim),
  mseLoss: ([a, b]) => F.mseLoss(a, b),
  l1Loss: ([a, b]) => F.l1Loss(a, b),
  smoothL1Loss: ([a, b], { beta }) => F.smoothL1Loss(a, b, beta),
  bceWithLogits: ([a, b]) => F.binaryCrossEntropyWithLogits(a, b),
  crossEntropy: ([a], { targets }) => F.crossEntropy(a, targets),
};

for (const backend of BACKENDS) {
  describe(`ops vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.name, () => {
        const op = OPS[c.op];
        assert.ok(op, `no op "${c.op}" in the test table`);
        ag.scope(() => {
          const xs = c.inputs.map((i) => ag.tensor(i.data, i.shape, { requiresGrad: true }));
          const out = op(xs, c.args);
          assert.deepEqual(out.shape, c.out.shape, "output shape");
          assertClose(out.dataSync(), c.out.data, `${c.name} forward`);
          out.mul(ag.tensor(c.w, c.out.shape)).sum().backward();
          xs.forEach((x, i) => {
            assert.ok(x.grad, `input ${i} got no grad`);
            assertClose(x.grad.dataSync(), c.grads[i], `${c.name} grad of input ${i}`);
            x.grad.dispose();
          });
        });
      });
    }
  });
}
