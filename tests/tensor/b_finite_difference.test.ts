// The ops of tensor API B checked against their own forward by central finite differences
// (float32, so loose tolerances): first gradients against differences of the forward, and
// Hessian-vector products (grad of grad with createGraph) against differences of the gradient.
import { describe, test, before } from "node:test";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";

const X = [0.3, -1.2, 0.7, 1.9, -0.4, 0.05];
const Y = [0.9, 0.2, -0.6, 0.4, 1.3, -0.8];
const V = [[0.4, -0.3, 1.1, 0.2, -0.7, 0.5], [-0.2, 0.6, 0.3, -1.0, 0.8, 0.1]];
const W = [0.5, -1.5, 2, 0.25, 1, -0.75, 0.3, -0.6, 1.2];
const SHAPE = [2, 3];

const FUNCTIONS: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
  "logsumexp · var": (x, y) => x.mul(y).logsumexp(1).mul(x.var(1)),
  "std, mean, norm": (x, y) => x.std(0).add(y.norm(2, 1).sum()).mul(y.mean(0)),
  "amax / amin, max with dim (no ties)": (x, y) => x.amax(1).mul(y.amin(1)).add(x.max(1).values.mul(y.min(1).values)),
  "prod · cumsum": (x, y) => x.prod(1, true).mul(y.cumsum(1)),
  "einsum ij,kj->ik then tanh": (x, y) => ops.einsum("ij,kj->ik", x, y).tanh(),
  "batched matmul (broadcast)": (x, y) => x.reshape([1, 2, 3]).matmul(y.reshape([3, 2]).expand([2, 3, 2])).sin(),
  "bmm, outer, dot": (x, y) => x.reshape([1, 2, 3]).bmm(y.reshape([1, 3, 2])).reshape([-1]).outer(x.reshape([-1]).slice(0, 0, 2)).mul(x.reshape([-1]).dot(y.reshape([-1]))),
  "softmax dim 0 · logSoftmax": (x, y) => x.softmax(0).mul(y.logSoftmax(1)),
  "sort values · y": (x, y) => x.sort(1, true).values.mul(y),
  "topk": (x, y) => x.mul(y).topk(2, 1).values.exp(),
  "sin cos tan sinh cosh": (x, y) => x.sin().mul(y.cos()).add(x.mul(0.5).tan()).add(y.sinh().mul(x.cosh())),
  "erf erfc expm1 exp2 log2 log10": (x, y) => x.erf().add(y.erfc()).mul(x.expm1()).add(y.exp2()).add(x.square().add(1).log2()).add(y.square().add(1).log10()),
  "rsqrt reciprocal hypot": (x, y) => x.square().add(1).rsqrt().mul(y.square().add(0.5).reciprocal()).add(x.hypot(y)),
  "lerp addcmul addcdiv": (x, y) => x.lerp(y, x.sigmoid()).addcmul(x, y, 0.5).addcdiv(y, x.square().add(1), 2),
  "clamp with tensor bounds": (x, y) => x.clamp(y.sub(2), y.add(0.5)).mul(y),
  "pow both ways, maximum": (x, y) => x.square().add(0.5).pow(y).add(ops.pow(1.5, x)).mul(x.maximum(y)),
  "remainder/fmod (other)": (x, y) => x.mul(3).remainder(y.square().add(1.1)).add(x.mul(2).fmod(y.add(2.5))),
};

function flatGrads(f: (x: Tensor, y: Tensor) => Tensor, xv: number[], yv: number[]): number[][] {
  return ag.scope(() => {
    const x = ag.tensor(xv, SHAPE, { requiresGrad: true });
    const y = ag.tensor(yv, SHAPE, { requiresGrad: true });
    const out = f(x, y);
    const gs = ag.grad(out.mul(ag.tensor(W.slice(0, out.size), out.shape)).sum(), [x, y]);
    return gs.map((g) => Array.from(g!.dataSync()));
  });
}

function loss(f: (x: Tensor, y: Tensor) => Tensor, xv: number[], yv: number[]): number {
  return ag.scope(() => ag.noGrad(() => {
    const out = f(ag.tensor(xv, SHAPE), ag.tensor(yv, SHAPE));
    return out.mul(ag.tensor(W.slice(0, out.size), out.shape)).sum().item();
  }));
}

const moved = (a: number[], i: number, d: number) => a.map((v, k) => (k === i ? v + d : v));
const along = (a: number[], v: number[], d: number) => a.map((x, k) => x + d * v[k]);

for (const backend of BACKENDS) {
  describe(`tensor API B finite differences on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      test(name, () => {
        const eps = 1e-2;
        const [gx, gy] = flatGrads(f, X, Y);
        const nx = X.map((_, i) => (loss(f, moved(X, i, eps), Y) - loss(f, moved(X, i, -eps), Y)) / (2 * eps));
        const ny = Y.map((_, i) => (loss(f, X, moved(Y, i, eps)) - loss(f, X, moved(Y, i, -eps))) / (2 * eps));
        assertClose(gx, nx, `${name}: d/dx`, { rtol: 1e-2, atol: 3e-3 });
        assertClose(gy, ny, `${name}: d/dy`, { rtol: 1e-2, atol: 3e-3 });
        // Hessian-vector product: d/d(x, y) of Σ grad · v, against (grad(p + εv) − grad(p − εv)) / 2ε
        const hvp = ag.scope(() => {
          const x = ag.tensor(X, SHAPE, { requiresGrad: true });
          const y = ag.tensor(Y, SHAPE, { requiresGrad: true });
          const out = f(x, y);
          const [g1, g2] = ag.grad(out.mul(ag.tensor(W.slice(0, out.size), out.shape)).sum(), [x, y], { createGraph: true });
          const s = g1!.mul(ag.tensor(V[0], SHAPE)).sum().add(g2!.mul(ag.tensor(V[1], SHAPE)).sum());
          return ag.grad(s, [x, y], { allowUnused: true }).map((h) => (h ? Array.from(h.dataSync()) : new Array(6).fill(0)));
        });
        const e2 = 1e-2;
        const plus = flatGrads(f, along(X, V[0], e2), along(Y, V[1], e2));
        const minus = flatGrads(f, along(X, V[0], -e2), along(Y, V[1], -e2));
        [0, 1].forEach((k) => {
          const numeric = plus[k].map((p, i) => (p - minus[k][i]) / (2 * e2));
          assertClose(hvp[k], numeric, `${name}: Hessian-vector product, ${k === 0 ? "x" : "y"}`, { rtol: 2e-2, atol: 5e-3 });
        });
      });
    }
  });
}
