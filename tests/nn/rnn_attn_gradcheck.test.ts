// Gradients of the recurrent and attention layers against central finite differences of their own
// forward (inputs and parameters), and second derivatives (createGraph) against finite differences
// of the first: the layers are compositions of differentiable ops, so double backward works.
import { describe, test, before } from "node:test";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";
import { LSTM, GRU, MultiheadAttention, TransformerEncoderLayer, scaledDotProductAttention, generateSquareSubsequentMask, manualSeed, type Module } from "../../ts/nn/index.ts";

/** Deterministic values in (-1, 1) without Math.random. */
const vals = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + k) * 0.8);

interface Case { name: string; shape: number[]; make: () => Module | null; f: (m: any, x: Tensor) => Tensor }

const CASES: Case[] = [
  { name: "LSTM two layers bidirectional", shape: [2, 3, 2], make: () => new LSTM(2, 3, { numLayers: 2, bidirectional: true, batchFirst: true }), f: (m, x) => m.call(x)[0] },
  { name: "GRU with its final state", shape: [3, 2, 2], make: () => new GRU(2, 3), f: (m, x) => { const [o, h] = m.call(x); return o.sum(0).add(h.sum(0)); } },
  { name: "MultiheadAttention causal, weights", shape: [2, 3, 4], make: () => new MultiheadAttention(4, 2, { batchFirst: true }),
    f: (m, x) => { const [o, w] = m.call(x, x, x, { attnMask: generateSquareSubsequentMask(3) }); return o.sum(1).add(w.sum([1, 2]).reshape([2, 1])); } },
  { name: "TransformerEncoderLayer pre-norm gelu", shape: [2, 3, 4], make: () => new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, batchFirst: true, normFirst: true, activation: "gelu" }), f: (m, x) => m.call(x) },
];

/** Σ f(x)·w with x's (or parameter p's) flat element i moved by d, as a number. */
function value(c: Case, m: Module | null, target: Tensor | null, x0: number[], i: number, d: number): number {
  return ag.scope(() =>
    ag.noGrad(() => {
      const xs = x0.slice();
      let restore: (() => void) | null = null;
      if (target === null) xs[i] += d;
      else {
        const old = target.value;
        const data = target.dataSync();
        data[i] += d;
        target.value = ag.tensor(data, target.shape).value;
        restore = () => { target.value.dispose(); target.value = old; };
      }
      const out = c.f(m, ag.tensor(xs, c.shape));
      const r = out.mul(ag.tensor(vals(out.size, 5), out.shape)).sum().item();
      restore?.();
      return r;
    }),
  );
}

for (const backend of BACKENDS) {
  describe(`recurrent and attention layers: finite differences on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of CASES) {
      test(c.name, () => {
        manualSeed(3);
        const m = c.make();
        const n = c.shape.reduce((a, b) => a * b, 1);
        const x0 = vals(n, 1);
        const eps = 1e-2;
        ag.scope(() => {
          const x = ag.tensor(x0, c.shape, { requiresGrad: true });
          const out = c.f(m, x);
          out.mul(ag.tensor(vals(out.size, 5), out.shape)).sum().backward();
          const numeric = x0.map((_, i) => (value(c, m, null, x0, i, eps) - value(c, m, null, x0, i, -eps)) / (2 * eps));
          assertClose(x.grad!.dataSync(), numeric, `${c.name}: d/dx`, { rtol: 2e-2, atol: 3e-3 });
          // the first parameter (an input projection), a few elements
          const [pname, p] = m!.namedParameters()[0];
          const analytic = p.grad!.dataSync();
          for (const i of [0, 1, Math.floor(p.size / 2), p.size - 1]) {
            const num = (value(c, m, p, x0, i, eps) - value(c, m, p, x0, i, -eps)) / (2 * eps);
            assertClose([analytic[i]], [num], `${c.name}: d/d${pname}[${i}]`, { rtol: 2e-2, atol: 3e-3 });
          }
        });
        for (const p of m!.parameters()) { p.grad?.dispose(); p.dispose(); }
      });
    }

    test("scaledDotProductAttention: second derivative (createGraph) vs finite differences of the first", () => {
      const shape = [2, 3, 4];
      const q0 = vals(24, 1), k = ag.tensor(vals(24, 2), shape), v = ag.tensor(vals(24, 3), shape);
      const w = ag.tensor(vals(24, 4), shape), dir = vals(24, 6);
      /** ⟨∇_q Σ sdpa·w, dir⟩ at q, with the graph kept. */
      const gradDot = (q: Tensor, create: boolean) => {
        const [g] = ag.grad(scaledDotProductAttention(q, k, v, { isCausal: true }).mul(w).sum(), q, { createGraph: create });
        return g!.mul(ag.tensor(dir, shape)).sum();
      };
      ag.scope(() => {
        const q = ag.tensor(q0, shape, { requiresGrad: true });
        const [hv] = ag.grad(gradDot(q, true), q);
        const eps = 1e-2;
        const numeric = q0.map((_, i) => {
          const at = (d: number) => ag.scope(() => {
            const xs = q0.slice(); xs[i] += d;
            return gradDot(ag.tensor(xs, shape, { requiresGrad: true }), false).item();
          });
          return (at(eps) - at(-eps)) / (2 * eps);
        });
        assertClose(hv!.dataSync(), numeric, "Hessian-vector product", { rtol: 3e-2, atol: 5e-3 });
      });
    });
  });
}
