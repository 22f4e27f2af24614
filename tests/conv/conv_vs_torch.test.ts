// conv1d/conv2d/convTranspose2d, unfold/fold and the poolings against torch 1.13
// (fixtures/gen_conv.py): forward, gradients, double backward, and torch's error messages.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import fixture from "./fixtures/conv.json" with { type: "json" };
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { callOp, checkCase, type ConvCase } from "./cases.ts";
import * as ag from "../../ts/autograd/index.ts";
import { FulgurError } from "../../ts/errors.ts";

for (const backend of BACKENDS) {
  describe(`conv and pooling vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases as ConvCase[]) {
      test(c.name!, () => checkCase(c));
    }
  });
}

describe("conv and pooling errors in torch's words", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const c of fixture.errors as ConvCase[]) {
    test(`${c.op}: ${c.message}`, () => {
      ag.scope(() => {
        const x = ag.zeros(c.x), w = c.w ? ag.zeros(c.w) : null, b = c.b ? ag.zeros(c.b) : null;
        assert.throws(() => callOp(c, x, w, b), (e: Error) => {
          assert.ok(e instanceof FulgurError, `${e.name} is not a FulgurError`);
          assert.equal(e.message, c.message);
          return true;
        });
      });
    });
  }
});
