// Tensor API B against torch 1.13 (fixtures/b_gen.py): every op's forward value, its input
// gradients, and a Hessian-vector product through grad(..., { createGraph: true }) — the
// gradient of Σ grad_i · v_i — on the reference CPU backend and on fulgur-wasm. An op whose
// kernel the backend does not register (NotImplementedError) is reported as skipped there.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/b_ops.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { OPS, check } from "./b_check.ts";

for (const backend of BACKENDS) {
  describe(`tensor API B vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases as any[]) {
      test(c.name, (t) => {
        const op = OPS[c.op];
        assert.ok(op, `no op "${c.op}" in the test table`);
        try {
          check(c, op);
        } catch (e) {
          if ((e as Error).name === "NotImplementedError") {
            t.skip(`${backend}: ${(e as Error).message.split(":")[0]}`);
            return;
          }
          throw e;
        }
      });
    }
  });
}

