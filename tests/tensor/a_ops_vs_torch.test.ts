// Tensor API A (shape, indexing, joining, casts, creation) against torch 1.13: forward values,
// input gradients, integer/bool forwards with their dtypes, and gradients of gradients
// (fixtures/gen_a_ops.py), on tfjs's cpu backend and on fulgur-wasm.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/a_ops.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import * as ag from "../../ts/autograd/index.ts";
import type { Tensor } from "../../ts/autograd/index.ts";
import { OPS, decode, decodeArgs, joined } from "./a_fixture_ops.ts";

const STORED: Record<string, string> = { float32: "float32", int64: "int32", bool: "bool" };

/** Exact comparison for integer and bool data (as numbers). */
function assertSameData(t: Tensor, expected: { t: Array<number | boolean>; shape: number[]; dtype: string }, what: string): void {
  assert.deepEqual(t.shape, expected.shape, `${what}: shape`);
  assert.equal(t.dtype, STORED[expected.dtype], `${what}: dtype`);
  const got = Array.from(t.value.dataSync() as ArrayLike<number>);
  const want = expected.t.map(Number);
  if (t.dtype === "float32") assertClose(got, want, what);
  else assert.deepEqual(got, want, `${what}: values`);
}

const CREATE: Record<string, (...a: any[]) => Tensor> = {
  arange: (...a) => (ag.arange as any)(...a),
  linspace: (a, b, n) => ag.linspace(a, b, n),
  eye: (...a) => (ag.eye as any)(...a),
  tensor: (d) => ag.tensor(d),
  full: (s, v) => ag.full(s, v),
};

for (const backend of BACKENDS) {
  describe(`tensor API A vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });

    for (const c of fixture.grad) {
      test(`${c.name}: forward and gradients`, () => {
        const op = OPS[c.op];
        assert.ok(op, `no op "${c.op}" in the test table`);
        ag.scope(() => {
          const xs = c.inputs.map((i) => ag.tensor(i.data, i.shape, { requiresGrad: true }));
          const out = joined(op(xs, decodeArgs(c.args)));
          assert.deepEqual(out.shape, c.out.shape, "output shape");
          assertClose(out.dataSync(), c.out.data, `${c.name} forward`);
          out.mul(ag.tensor(c.w, c.out.shape)).sum().backward();
          xs.forEach((x, i) => {
            const g = x.grad ? x.grad.dataSync() : new Float32Array(x.size);
            assertClose(g, c.grads[i], `${c.name} grad of input ${i}`);
          });
        });
      });
    }

    for (const c of fixture.forward) {
      test(`${c.name}: dtype and values`, () => {
        ag.scope(() => {
          const xs = c.inputs.map((i) => decode(i) as Tensor);
          const out = joined(OPS[c.op](xs, decodeArgs(c.args)));
          assertSameData(out, c.out as any, c.name);
        });
      });
    }

    for (const c of fixture.creation) {
      test(`creation ${c.name}`, () => {
        ag.scope(() => {
          const [fn, ...args] = c.call as [string, ...any[]];
          const out = CREATE[fn](...args);
          if (fn === "linspace" || fn === "arange") {
            // bit-exact: torch's own float32 / float64 formulas
            assert.deepEqual(out.shape, c.out.shape);
            assert.equal(out.dtype, STORED[c.out.dtype]);
            assert.deepEqual(Array.from(out.value.dataSync() as ArrayLike<number>), Array.from(Float32Array.from(c.out.t as number[])), c.name);
          } else {
            assertSameData(out, c.out as any, c.name);
          }
        });
      });
    }

    for (const c of fixture.double) {
      test(`double backward through ${c.name}`, () => {
        ag.scope(() => {
          const x = ag.tensor(c.x.data, c.x.shape, { requiresGrad: true });
          const out = joined(OPS[c.op]([x], decodeArgs(c.args)));
          const u = ag.tensor(c.u, out.shape, { requiresGrad: true });
          const [g] = ag.grad(out, x, { gradOutputs: u, createGraph: true });
          assertClose(g!.dataSync(), c.g, `${c.name} first gradient`);
          assert.ok(g!.requiresGrad, "the gradient carries a graph");
          const [gu] = ag.grad(g!, u, { gradOutputs: ag.tensor(c.v, x.shape) });
          assert.deepEqual(gu!.shape, c.gu.shape);
          assertClose(gu!.dataSync(), c.gu.data, `${c.name} gradient of the gradient`);
        });
      });
    }

    for (const c of fixture.hvp) {
      test(`Hessian-vector product through ${c.name}`, () => {
        ag.scope(() => {
          const x = ag.tensor(c.x.data, c.x.shape, { requiresGrad: true });
          const out = joined(OPS[c.op]([x], decodeArgs(c.args)));
          const loss = out.mul(out).mul(ag.tensor(c.w, out.shape)).sum();
          const [g] = ag.grad(loss, x, { createGraph: true });
          assertClose(g!.dataSync(), c.g, `${c.name} gradient`);
          const [h] = ag.grad(g!.mul(ag.tensor(c.v, x.shape)).sum(), x);
          assertClose(h!.dataSync(), c.hv, `${c.name} Hessian-vector product`);
        });
      });
    }
  });
}
