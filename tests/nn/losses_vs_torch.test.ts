// Every loss and reduction against torch 1.13 (fixtures/gen_losses.py): the loss and the
// gradients of sum(loss · r) for the input and (where torch gives one) the target.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/losses.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import { tensor, scope, type Tensor } from "../../ts/autograd/index.ts";
import * as F from "../../ts/nn/functional.ts";

type Enc = { shape: number[]; data: number[] };

function call(name: string, opts: Record<string, unknown>, x: Tensor, target: Tensor | number[], weight: Tensor | null): Tensor {
  const o = weight === null ? opts : { ...opts, weight };
  if (name === "cosineSimilarity") return F.cosineSimilarity(x, target as Tensor, opts.dim as number, (opts.eps as number) ?? 1e-8);
  return (F as Record<string, any>)[name](x, target, o);
}

for (const backend of BACKENDS) {
  describe(`losses vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases) {
      test(c.name, () => scope(() => {
        const [name, opts] = c.opts as [string, Record<string, unknown>];
        const x = tensor(c.x.data, c.x.shape, { requiresGrad: true });
        const intTarget = !c.targetGrad && Number.isInteger(c.target.data[0]) && c.target.shape.length < c.x.shape.length;
        // class indices as a plain array (1-D) or a float Tensor of whole numbers (N-D)
        const target = intTarget && c.target.shape.length === 1
          ? c.target.data
          : tensor(c.target.data, c.target.shape, { requiresGrad: c.targetGrad });
        const weight = c.weight ? tensor((c.weight as Enc).data) : null;
        const out = call(name, opts, x, target, weight);
        const tol = { rtol: 1e-4, atol: 1e-6 };
        assert.deepEqual(out.shape, c.out.shape, "loss shape");
        assertClose(out.dataSync(), c.out.data, `${c.name} value`, tol);
        out.mul(tensor(c.r.data, c.r.shape)).sum().backward();
        assertClose(x.grad!.dataSync(), c.xgrad.data, `${c.name} input grad`, tol);
        if (c.tgrad) assertClose((target as Tensor).grad!.dataSync(), (c.tgrad as Enc).data, `${c.name} target grad`, tol);
      }));
    }
  });
}
