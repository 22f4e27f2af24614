// Memory: scope() releases what a step created; Parameters, grads and keep()'d tensors survive.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { BACKENDS, useBackend } from "./backends.ts";
import { tensor, scope, keep, setValue, liveTensorCount, noGrad, Parameter } from "../../ts/autograd/index.ts";
import { Linear, Sequential, Tanh, mseLoss } from "../../ts/nn/index.ts";

for (const backend of BACKENDS) {
  describe(`memory on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    test("1000 steps of forward + backward + manual SGD keep the tensor count flat", () => {
      const net = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1));
      const x = keep(tensor([[0.1, 0.2, 0.3], [-0.5, 0.4, 0.9], [1, -1, 0.5], [0.3, 0.3, -0.2]]));
      const y = keep(tensor([[1], [0], [-1], [0.5]]));
      const step = () =>
        scope(() => {
          const loss = mseLoss(net.call(x), y);
          loss.backward();
          noGrad(() => {
            for (const p of net.parameters()) {
              setValue(p, tf.sub(p.value, tf.mul(p.grad!.value, 0.05)));
              setValue(p.grad!, tf.zerosLike(p.grad!.value));
            }
          });
          return loss.item();
        });
      const first = step();
      const baseline = liveTensorCount();
      let last = first;
      for (let i = 0; i < 999; i++) last = step();
      assert.equal(liveTensorCount(), baseline, "live tensors after 1000 steps");
      assert.ok(last < first, `loss decreased (${first} → ${last})`);
      for (const p of net.parameters()) {
        p.grad!.dispose();
        p.dispose();
      }
      x.dispose();
      y.dispose();
    });

    test("scope returns its result to the enclosing scope and disposes the rest", () => {
      const before = liveTensorCount();
      const r = scope(() => {
        const a = tensor([1, 2]);
        const b = a.mul(2).add(1);
        return b;
      });
      assert.equal(liveTensorCount(), before + 1);
      assert.deepEqual(Array.from(r.dataSync()), [3, 5]);
      r.dispose();
      assert.equal(liveTensorCount(), before);
    });

    test("keep() survives a scope; setValue disposes the old value", () => {
      const before = liveTensorCount();
      const kept = scope(() => {
        const k = keep(tensor([1]));
        tensor([2]); // released
        return [k];
      })[0];
      assert.equal(liveTensorCount(), before + 1);
      const p = scope(() => new Parameter(tensor([1, 1]).value));
      assert.equal(p.value.isDisposed, false, "a Parameter made inside a scope survives it");
      const old = p.value;
      scope(() => setValue(p, tf.add(p.value, 1)));
      assert.equal(old.isDisposed, true);
      assert.deepEqual(Array.from(p.dataSync()), [2, 2]);
      kept.dispose();
      p.dispose();
      assert.equal(liveTensorCount(), before);
    });

    test("a throwing scope still releases its tensors", () => {
      const before = liveTensorCount();
      assert.throws(() =>
        scope(() => {
          tensor([1, 2, 3]);
          throw new Error("boom");
        }),
      /boom/);
      assert.equal(liveTensorCount(), before);
    });
  });
}
