// LSTM / GRU / RNN against torch 1.13 (fixtures/gen_rnn_attn.py): torch's state_dict loads by name,
// outputs, final states and the gradients of every parameter and input match; multi-layer,
// bidirectional, batchFirst, initial states, no bias, unbatched input. Default init after a seed.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { BACKENDS, useBackend } from "../autograd/backends.ts";
import { assertClose } from "../autograd/compare.ts";
import { fixture, checkCase, build, type Enc } from "./rnn_attn_fixture.ts";
import { manualSeed } from "../../ts/nn/index.ts";
import { rand } from "../../ts/random/index.ts";

const RNN_KINDS = new Set(["lstm", "gru", "rnn_tanh", "rnn_relu"]);

for (const backend of BACKENDS) {
  describe(`recurrent layers vs torch 1.13 on ${backend}`, () => {
    before(async () => {
      await useBackend(backend);
    });
    for (const c of fixture.cases.filter((c) => RNN_KINDS.has(c.kind))) test(c.name, () => checkCase(c));
  });
}

describe("recurrent layers: torch's default init after manualSeed", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });
  for (const c of fixture.inits.filter((c) => RNN_KINDS.has(c.ctor.kind))) {
    test(c.name, () => {
      manualSeed(c.seed);
      const m = build(c.ctor.kind, c.ctor as Record<string, any>);
      const sd = m.stateDict();
      assert.deepEqual(Object.keys(sd), Object.keys(c.state), "parameter names in torch's order");
      for (const [k, v] of Object.entries(c.state)) assertClose(sd[k], (v as Enc).data as number[], `${c.name} ${k}`, { rtol: 0, atol: 0 });
      // the generator is where torch's is: every draw in torch's order, none extra
      assertClose(rand([1]).dataSync(), [c.next_rand], `${c.name}: the generator's next draw`, { rtol: 0, atol: 0 });
    });
  }
});
