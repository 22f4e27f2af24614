// The recurrent and attention fixture cases (torch 1.13, fixtures/gen_rnn_attn.py) on
// tfjs-backend-webgpu (Dawn; SwiftShader or lavapipe without a GPU): outputs and every gradient,
// read asynchronously (no synchronous GPU read in Node). Float order differs from WASM: tolerance.
import { test } from "node:test";
import { setupGpu } from "../gpu/gpu_setup.ts";
import { fixture, checkCaseAsync } from "./rnn_attn_fixture.ts";

const skip = (await setupGpu()) ?? false;
const NAMES = [
  "lstm_two_layers_bidirectional_batch_first_h0", "gru_two_layers_bidirectional_h0", "rnn_relu_bidirectional_batch_first",
  "mha_key_padding_and_causal_per_head_weights", "mha_cross_kdim_vdim_3d_mask", "mha_self_bool_mask_weights_averaged",
  "tel_post_norm_relu_causal_batch_first", "tel_pre_norm_gelu_key_padding",
];

for (const name of NAMES) {
  test(`webgpu matches torch 1.13: ${name}`, { skip }, async () => {
    const c = fixture.cases.find((k) => k.name === name);
    if (c === undefined) throw new Error(`no fixture case "${name}"`);
    await checkCaseAsync(c, { rtol: 1e-3, atol: 1e-4 });
  });
}
