// Each layer against torch 1.13 (fixtures/gen_layers.py): torch's state_dict loads by name (same
// names and order), then output, input and parameter gradients of sum(out · r), and the state
// after the forward (running statistics) match.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/layers.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import { tensor, scope } from "../../ts/autograd/index.ts";
import * as nn from "../../ts/nn/index.ts";
import { randn } from "../../ts/random/index.ts";

type Enc = { shape: number[]; data: number[] };

export function makeLayer(ctor: unknown[]): nn.Module {
  const [name, args, opts] = ctor as [string, unknown[], Record<string, unknown>];
  const cls = (nn as Record<string, any>)[name];
  assert.ok(typeof cls === "function", `nn.${name} exists`);
  return Object.keys(opts).length ? new cls(...args, opts) : new cls(...args);
}

for (const backend of BACKENDS) {
  describe(`layers vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.name, () => {
        const layer = makeLayer(c.ctor);
        const state = c.state as Record<string, Enc>;
        assert.deepEqual(Object.keys(layer.stateDict()), Object.keys(state), "state_dict names and order");
        const sd = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tensor(v.data, v.shape)]));
        assert.deepEqual(layer.loadStateDict(sd), { missingKeys: [], unexpectedKeys: [] });
        layer.train(c.train);
        const tol = { rtol: 1e-4, atol: 1e-5 };
        c.inputs.forEach((inp: Enc, step: number) => {
          layer.zeroGrad(true);
          scope(() => {
            const x = tensor(inp.data, inp.shape, { requiresGrad: c.xgrad !== null });
            const out = layer.call(x);
            const r = c.r[step] as Enc;
            out.mul(tensor(r.data, r.shape)).sum().backward();
            if (step < c.inputs.length - 1) return;
            assert.deepEqual(out.shape, c.out.shape, "output shape");
            assertClose(out.dataSync(), c.out.data, `${c.name} output`, tol);
            if (c.xgrad) assertClose(x.grad!.dataSync(), (c.xgrad as Enc).data, `${c.name} input grad`, tol);
          });
        });
        const grads = c.grads as Record<string, Enc>;
        assert.deepEqual(
          layer.namedParameters().filter(([, p]) => p.grad !== null).map(([n]) => n), Object.keys(grads), "parameters with a gradient",
        );
        for (const [name, p] of layer.namedParameters()) {
          if (grads[name]) assertClose(p.grad!.dataSync(), grads[name].data, `${c.name} grad ${name}`, tol);
        }
        const after = layer.stateDict();
        for (const [k, v] of Object.entries(c.after as Record<string, Enc>)) {
          assertClose(after[k], v.data, `${c.name} state ${k} after the forward`, tol);
        }
      });
    }
  });
}

for (const backend of BACKENDS) {
  describe(`torch's draws on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.inits) {
      test(`default init after manualSeed(${c.seed}): ${c.name}`, () => {
        nn.manualSeed(c.seed);
        const layer = makeLayer(c.ctor);
        const sd = layer.stateDict();
        assert.deepEqual(Object.keys(sd), Object.keys(c.state), "state_dict names and order");
        for (const [k, v] of Object.entries(c.state as Record<string, Enc>)) {
          // the generator is torch's bit for bit: the values are equal, not close
          assert.deepEqual(Array.from(sd[k]), v.data.map(Math.fround), `${c.name} ${k}`);
        }
      });
    }
    for (const c of fixture.dropout) {
      test(`Dropout(${c.p}) masks after manualSeed(${c.seed}): two draws in a row`, () => scope(() => {
        nn.manualSeed(c.seed);
        const x = randn(c.x.shape); // the draw torch made for its input
        assertClose(x.dataSync(), c.x.data, "input drawn as torch", { rtol: 0, atol: 0 });
        const d = new nn.Dropout(c.p);
        for (const expected of c.outs) {
          const y = d.call(x);
          assertClose(y.dataSync(), expected.data, `dropout p=${c.p}`, { rtol: 1e-6, atol: 0 });
        }
        d.eval();
        assert.equal(d.call(x), x, "identity in eval");
      }));
    }
  });
}
