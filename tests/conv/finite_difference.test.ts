// Gradients and gradients of gradients of conv / pooling against central finite differences of
// their own forward (float64 sums of float32 results, so loose tolerances): independent of torch.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

/** Distinct values (no ties in pooling windows) from a fixed LCG. */
function values(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s / 2 ** 32) * 2 - 1 + i * 1e-3;
  }
  return v;
}

interface FdCase {
  name: string;
  shapes: number[][]; // inputs
  f: (xs: Tensor[]) => Tensor;
}

const CASES: FdCase[] = [
  { name: "conv2d stride 2, pad 1, dilation 2, bias", shapes: [[2, 2, 7, 6], [3, 2, 3, 2], [3]],
    f: ([x, w, b]) => ops.conv2d(x, w, b, { stride: 2, padding: 1, dilation: [2, 1] }) },
  { name: "conv2d groups 2, same", shapes: [[1, 4, 5, 5], [4, 2, 2, 3]],
    f: ([x, w]) => ops.conv2d(x, w, null, { groups: 2, padding: "same" }) },
  { name: "conv1d", shapes: [[2, 3, 9], [2, 3, 4], [2]], f: ([x, w, b]) => ops.conv1d(x, w, b, { stride: 2 }) },
  { name: "convTranspose2d", shapes: [[1, 4, 3, 4], [4, 3, 3, 2], [3]],
    f: ([x, w, b]) => ops.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1, groups: 1 }) },
  { name: "unfold / fold", shapes: [[1, 2, 5, 5]],
    f: ([x]) => ops.fold(ops.unfold(x, 3, { padding: 1, stride: 2 }), 5, 3, { padding: 1, stride: 2 }) },
  { name: "maxPool2d ceil", shapes: [[1, 2, 7, 7]], f: ([x]) => ops.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }) },
  { name: "avgPool2d exclude pad", shapes: [[1, 2, 6, 5]], f: ([x]) => ops.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }) },
  { name: "adaptive pools", shapes: [[1, 2, 7, 5]],
    f: ([x]) => ops.adaptiveAvgPool2d(x, [3, 2]).add(ops.adaptiveMaxPool2d(x, [2, 3]).sum()) },
];

/** Σ f(xs)·r as a float64 number. */
function objective(c: FdCase, data: Float32Array[], r: Float32Array): number {
  return ag.scope(() => ag.noGrad(() => {
    const y = c.f(data.map((d, i) => ag.tensor(d, c.shapes[i])));
    const yv = y.value.dataSync();
    let s = 0;
    for (let i = 0; i < yv.length; i++) s += yv[i] * r[i % r.length];
    return s;
  }));
}

for (const backend of BACKENDS) {
  describe(`conv / pooling finite differences on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of CASES) {
      test(c.name, () => {
        const data = c.shapes.map((s, i) => values(s.reduce((a, b) => a * b, 1), 11 + i));
        const r = values(997, 5);
        ag.scope(() => {
          const xs = data.map((d, i) => ag.tensor(d, c.shapes[i], { requiresGrad: true }));
          const y = c.f(xs);
          const rt = ag.tensor(Float32Array.from({ length: y.size }, (_, i) => r[i % r.length]), y.shape);
          const grads = ag.grad(y, xs, { gradOutputs: rt });
          const eps = 1e-2;
          data.forEach((d, k) => {
            const g = grads[k]!.value.dataSync();
            for (let i = 0; i < d.length; i += Math.max(1, Math.floor(d.length / 7))) {
              const keep = d[i];
              d[i] = keep + eps; const up = objective(c, data, r);
              d[i] = keep - eps; const down = objective(c, data, r);
              d[i] = keep;
              const fd = (up - down) / (2 * eps);
              assert.ok(Math.abs(fd - g[i]) <= 2e-2 * (1 + Math.abs(fd)), `${c.name}: d/dinput${k}[${i}] = ${g[i]}, finite difference ${fd}`);
            }
          });
        });
      });
    }

    test("conv2d double backward: d/dw Σ (dL/dx)² against finite differences", () => {
      const xs = [2, 3, 6, 6], ws = [4, 3, 3, 3];
      const xd = values(216, 3), wd = values(108, 4), r = values(997, 9);
      const sq = (wv: Float32Array, create: boolean): [number, Tensor | null] => {
        const x = ag.tensor(xd, xs, { requiresGrad: true }), w = ag.tensor(wv, ws, { requiresGrad: true });
        const y = ops.conv2d(x, w, null, { stride: 2, padding: 1 });
        const rt = ag.tensor(Float32Array.from({ length: y.size }, (_, i) => r[i % r.length]), y.shape);
        const [gx] = ag.grad(y, [x], { gradOutputs: rt, createGraph: create });
        const gv = gx!.value.dataSync();
        let s = 0;
        for (const v of gv) s += v * v;
        if (!create) return [s, null];
        const [dw] = ag.grad([gx!], [w], { gradOutputs: [ag.tensor(Float32Array.from(gv, (v) => 2 * v), gx!.shape)] });
        return [s, dw];
      };
      ag.scope(() => {
        const [, dw] = sq(wd, true);
        const g = dw!.value.dataSync();
        const eps = 1e-2;
        for (let i = 0; i < wd.length; i += 13) {
          const keep = wd[i];
          wd[i] = keep + eps; const up = ag.scope(() => sq(wd, false)[0]);
          wd[i] = keep - eps; const down = ag.scope(() => sq(wd, false)[0]);
          wd[i] = keep;
          const fd = (up - down) / (2 * eps);
          assert.ok(Math.abs(fd - g[i]) <= 2e-2 * (1 + Math.abs(fd)), `d/dw[${i}] Σ gx² = ${g[i]}, finite difference ${fd}`);
        }
      });
    });
  });
}
