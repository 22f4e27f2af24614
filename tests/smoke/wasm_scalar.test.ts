import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateFulgurWasm } from "../../ts/backend/wasm_module.ts";
import { loadWasmBytes } from "../../ts/runtime/node.ts";
import * as sm from "../../ts/backend/scalar_math.ts";

// The scheduler math must give the same float64 bits on every runtime: these values are
// torch's (CPython's libm) results, which the WASM musl port reproduces.
test("scalar math in WASM matches CPython's float64 results", async () => {
  await instantiateFulgurWasm(await loadWasmBytes());
  assert.equal(sm.pow(0.9, 3), 0.7290000000000001);
  assert.equal(sm.cos(1), 0.5403023058681398);
  assert.equal(sm.cos((Math.PI * 3) / 10), 0.5877852522924731);
  assert.equal(sm.pow(0.999, 10), 0.9900448802097482);
  assert.equal(sm.exp(-0.5), 0.6065306597126334);
});
