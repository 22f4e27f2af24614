// Sequential networks under every loss: loss value and every parameter gradient against torch 1.13
// (fixtures/gen_nn.py), with weights loaded through loadStateDict.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/nn.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import { tensor, scope, type Tensor } from "../../ts/autograd/index.ts";
import { mseLoss, l1Loss, smoothL1Loss, binaryCrossEntropyWithLogits, crossEntropy } from "../../ts/nn/index.ts";
import { buildNet } from "./build_net.ts";

const LOSSES: Record<string, (out: Tensor, y: { shape: number[]; data: number[] }) => Tensor> = {
  mse: (o, y) => mseLoss(o, tensor(y.data, y.shape)),
  l1: (o, y) => l1Loss(o, tensor(y.data, y.shape)),
  smooth_l1: (o, y) => smoothL1Loss(o, tensor(y.data, y.shape)),
  bce_with_logits: (o, y) => binaryCrossEntropyWithLogits(o, tensor(y.data, y.shape)),
  cross_entropy: (o, y) => crossEntropy(o, y.data),
};

for (const backend of BACKENDS) {
  describe(`nn vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.name, () => {
        const net = buildNet(c.layers);
        const sd = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, v.data]));
        assert.deepEqual(net.namedParameters().map(([n]) => n), Object.keys(c.params), "state_dict names and order");
        net.loadStateDict(sd);
        scope(() => {
          const loss = LOSSES[c.loss](net.call(tensor(c.x.data, c.x.shape)), c.y);
          assertClose([loss.item()], [c.expect.loss], `${c.name} loss`);
          loss.backward();
        });
        for (const [name, p] of net.namedParameters()) {
          const expected = (c.expect.grads as Record<string, number[]>)[name];
          assert.ok(expected, `fixture has a gradient for ${name}`);
          assertClose(p.grad!.dataSync(), expected, `${c.name} grad ${name}`, {
            rtol: 1e-4,
            atol: 1e-6,
          });
          p.grad!.dispose();
          p.dispose();
        }
      });
    }
  });
}
