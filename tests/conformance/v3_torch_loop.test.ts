// More format-/3 scenarios through the runner (fixtures/gen_torch_loop_v3.py: recorded with a torch
// 1.13 loop equal to Lightning's `auto` recipe with one optimizer): layer options the public
// scenarios leave out — bidirectional and multi-layer recurrent layers with seeded dropout,
// attention without biases, pre-norm gelu transformer layers, "same" padding, BatchNorm's
// cumulative average, pooling options, norms without affine. Every one must PASS on fulgur-wasm.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import bilstm from "./fixtures/torch_loop/x_bilstm_dropout.json" with { type: "json" };
import attn from "./fixtures/torch_loop/x_attn_dropout_nobias.json" with { type: "json" };
import tel from "./fixtures/torch_loop/x_tel_prenorm_gelu.json" with { type: "json" };
import gru from "./fixtures/torch_loop/x_gru_bidir.json" with { type: "json" };
import conv from "./fixtures/torch_loop/x_conv_same_bn_null_pools.json" with { type: "json" };
import conv1d from "./fixtures/torch_loop/x_conv1d_gn_ln.json" with { type: "json" };

before(async () => {
  await init();
});

for (const raw of [bilstm, attn, tel, gru, conv, conv1d]) {
  test(`torch-loop /3 scenario: ${raw.name}`, async () => {
    const r = await runScenario(raw, fulgur, raw.name);
    assert.equal(r.status, "PASS", formatResult(r));
  });
}
