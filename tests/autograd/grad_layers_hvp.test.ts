// Hessian-vector products through every layer against torch 1.13 (fixtures/gen_grad_layers_hvp.py):
// f = Σ layer(x)·u, g = ∂f/∂(x, params) with createGraph, then ∂(Σ g·v)/∂(x, params). The
// torch weights are loaded by name, so first and second derivatives are compared element-wise.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import fixture from "./fixtures/grad_layers_hvp.json" with { type: "json" };
import { BACKENDS, useBackend } from "./backends.ts";
import { checkGradAndHvp } from "./hvp_check.ts";
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";
import {
  Linear, Conv2d, BatchNorm1d, LayerNorm, GroupNorm, Embedding, LSTM, GRU, MultiheadAttention,
  TransformerEncoderLayer, Sequential, Dropout, type Module,
} from "../../ts/nn/index.ts";

interface Layer { make: () => Module; f: (m: any, x: Tensor) => Tensor }

const LAYERS: Record<string, Layer> = {
  Linear: { make: () => new Linear(3, 2), f: (m, x) => m.call(x) },
  Conv2d: { make: () => new Conv2d(2, 3, 3, { padding: 1 }), f: (m, x) => m.call(x) },
  BatchNorm1d: { make: () => new BatchNorm1d(3), f: (m, x) => m.call(x) },
  LayerNorm: { make: () => new LayerNorm(4), f: (m, x) => m.call(x) },
  GroupNorm: { make: () => new GroupNorm(2, 4), f: (m, x) => m.call(x) },
  Embedding: { make: () => new Embedding(5, 3), f: (m, x) => m.call(x).tanh() },
  LSTM: { make: () => new LSTM(2, 3, { batchFirst: true }), f: (m, x) => m.call(x)[0] },
  GRU: { make: () => new GRU(2, 3, { batchFirst: true }), f: (m, x) => m.call(x)[0] },
  MultiheadAttention: { make: () => new MultiheadAttention(4, 2, { batchFirst: true }), f: (m, x) => m.call(x, x, x)[0] },
  TransformerEncoderLayer: {
    make: () => new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, batchFirst: true }), f: (m, x) => m.call(x),
  },
  "Dropout (eval)": { make: () => new Sequential(new Linear(3, 3), new Dropout(0.5)).eval(), f: (m, x) => m.call(x).tanh() },
};

const TOL = { rtol: 2e-4, atol: 2e-5 };

for (const backend of BACKENDS) {
  describe(`layer Hessian-vector products vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.name, () => ag.scope(() => {
        const layer = LAYERS[c.name];
        assert.ok(layer, `no layer for ${c.name}`);
        const m = layer.make();
        const named = new Map(m.namedParameters());
        assert.equal(named.size, c.params.length, `parameters: ${[...named.keys()]}`);
        for (const p of c.params) {
          const mine = named.get(p.name);
          assert.ok(mine, `no parameter ${p.name} in ${[...named.keys()]}`);
          assert.deepEqual(mine!.shape, p.shape, p.name);
          ag.setValue(mine!, tf.tensor(p.data, p.shape, "float32"));
        }
        const x = c.kind === "float"
          ? ag.tensor(c.x.data, c.x.shape, { requiresGrad: true })
          : ag.tensor(c.x.data, c.x.shape, { dtype: "int32" });
        const leaves: Tensor[] = [...(c.kind === "float" ? [x] : []), ...c.params.map((p) => named.get(p.name)! as Tensor)];
        const y = layer.f(m, x);
        const f = y.mul(ag.tensor(c.u.data, c.u.shape)).sum();
        checkGradAndHvp(c.name, f, leaves, c, TOL);
      }));
    }
  });
}
