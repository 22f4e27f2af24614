// MultiheadAttention, TransformerEncoderLayer and scaledDotProductAttention against torch 1.13
// (fixtures/gen_rnn_attn.py): causal float mask, bool mask, key padding, 3-D masks, kdim/vdim,
// per-head weights; post- and pre-norm layers with relu and gelu; outputs and every gradient.
// Default init after manualSeed, and dropout masks drawn in torch's order in training mode (attention
// weights, a transformer layer, an LSTM between layers).
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import { fixture, checkCase, build, dec, TOL, type Enc } from "./rnn_attn_fixture.ts";
import { scope } from "../../ts/autograd/index.ts";
import {
  manualSeed, scaledDotProductAttention, generateSquareSubsequentMask, TransformerEncoderLayer, TransformerEncoder, LayerNorm,
} from "../../ts/nn/index.ts";
import { rand } from "../../ts/random/index.ts";

for (const backend of BACKENDS) {
  describe(`attention layers vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases.filter((c) => c.kind === "mha" || c.kind === "tel")) test(c.name, () => checkCase(c));

    for (const c of fixture.sdpa) {
      test(c.name, () => {
        scope(() => {
          const q = dec(c.q as Enc, true), k = dec(c.k as Enc, true), v = dec(c.v as Enc, true);
          const out = scaledDotProductAttention(q, k, v, { attnMask: c.mask ? dec(c.mask as Enc) : null, isCausal: c.is_causal });
          assertClose(out.dataSync(), c.expect.out.data, `${c.name} output`, TOL);
          out.mul(dec(c.weight as Enc)).sum().backward();
          assertClose(q.grad!.dataSync(), c.expect.dq.data, `${c.name} dq`, TOL);
          assertClose(k.grad!.dataSync(), c.expect.dk.data, `${c.name} dk`, TOL);
          assertClose(v.grad!.dataSync(), c.expect.dv.data, `${c.name} dv`, TOL);
        });
      });
    }
  });
}

describe("attention layers: torch's default init and dropout draws", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const c of fixture.inits.filter((c) => c.ctor.kind === "mha" || c.ctor.kind === "tel")) {
    test(`init ${c.name}`, () => {
      manualSeed(c.seed);
      const m = build(c.ctor.kind, c.ctor as Record<string, any>);
      const sd = m.stateDict();
      assert.deepEqual(Object.keys(sd), Object.keys(c.state), "state_dict names in torch's order");
      for (const [k, v] of Object.entries(c.state)) assertClose(sd[k], (v as Enc).data as number[], `${c.name} ${k}`, { rtol: 0, atol: 0 });
      assertClose(rand([1]).dataSync(), [c.next_rand], `${c.name}: the generator's next draw`, { rtol: 0, atol: 0 });
    });
  }

  for (const d of fixture.dropout_layers) {
    test(`${d.kind} in training mode: dropout masks in torch's order`, () => {
      manualSeed(d.seed_init);
      const m = build(d.kind, d.ctor as Record<string, any>) as any;
      scope(() => {
        const x = dec(d.x as Enc);
        manualSeed(d.seed_forward);
        const [y, w] = d.kind === "mha" ? m.call(x, x, x) : m.call(x);
        assertClose(y.dataSync(), d.out.data as number[], `${d.kind} output with dropout`, TOL);
        if (d.weights) assertClose(w.dataSync(), d.weights.data as number[], `${d.kind} attention weights with dropout`, TOL);
      });
    });
  }

  test("TransformerEncoder: copies of the layer (no draws), torch's names, forward with a final norm", () => {
    const e = fixture.encoder;
    manualSeed(e.seed);
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true });
    const encoder = new TransformerEncoder(layer, 2, { norm: new LayerNorm(8) });
    assertClose(rand([1]).dataSync(), [e.next_rand], "the generator's next draw", { rtol: 0, atol: 0 });
    const sd = encoder.stateDict();
    assert.deepEqual(Object.keys(sd), Object.keys(e.state), "state_dict names in torch's order");
    assert.deepEqual(sd["layers.1.linear1.weight"], sd["layers.0.linear1.weight"], "every copy starts with the layer's weights");
    encoder.loadStateDict(Object.fromEntries(Object.entries(e.state).map(([k, v]) => [k, (v as Enc).data as number[]])));
    scope(() => {
      const y = encoder.call(dec(e.x as Enc), { mask: generateSquareSubsequentMask(4) });
      assertClose(y.dataSync(), e.out.data as number[], "encoder output", TOL);
    });
  });

  test("TransformerEncoderLayer in training mode: dropout masks in torch's order", () => {
    const d = fixture.tel_dropout;
    manualSeed(d.seed_init);
    const { dModel, nhead, ...opts } = d.ctor; // unknown option keys are refused (issue 22)
    const layer = new TransformerEncoderLayer(dModel, nhead, opts);
    scope(() => {
      const x = dec(d.x as Enc);
      manualSeed(d.seed_forward);
      const y = layer.call(x, { srcMask: generateSquareSubsequentMask(x.shape[1]) });
      assertClose(y.dataSync(), d.out.data, "output with dropout", TOL);
    });
  });
});
