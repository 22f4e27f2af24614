// Bad input to the recurrent and attention layers gets torch's kind of error, naming the problem.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../autograd/backends.ts";
import { zeros } from "../../ts/autograd/index.ts";
import { LSTM, GRU, RNN, MultiheadAttention, TransformerEncoderLayer, scaledDotProductAttention } from "../../ts/nn/index.ts";
import { FulgurError } from "../../ts/errors.ts";

const throwsNamed = (fn: () => unknown, name: string, re: RegExp) =>
  assert.throws(fn, (e: any) => e instanceof FulgurError && e.name === name && re.test(e.message));

describe("recurrent and attention layers: errors", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });

  test("numHeads must divide embedDim", () => {
    throwsNamed(() => new MultiheadAttention(10, 3), "ValueError", /embed_dim must be divisible by num_heads/);
    throwsNamed(() => new TransformerEncoderLayer(6, 4), "ValueError", /embed_dim must be divisible by num_heads/);
  });

  test("LSTM / GRU input of the wrong rank names the rank", () => {
    throwsNamed(() => new LSTM(3, 4).call(zeros([2, 3, 4, 3])), "ValueError", /LSTM: Expected input to be 2-D or 3-D but received 4-D tensor/);
    throwsNamed(() => new GRU(3, 4).call(zeros([3])), "ValueError", /GRU: Expected input to be 2-D or 3-D but received 1-D tensor/);
  });

  test("wrong feature size names expected and received", () => {
    throwsNamed(() => new LSTM(3, 4).call(zeros([5, 2, 7])), "RuntimeError", /input.size\(-1\) must be equal to input_size. Expected 3, got 7/);
    throwsNamed(() => new MultiheadAttention(8, 2).call(zeros([5, 2, 6]), zeros([5, 2, 6]), zeros([5, 2, 6])), "RuntimeError", /expecting embedding dimension of 8, but got 6/);
  });

  test("initial state of the wrong size", () => {
    throwsNamed(() => new LSTM(3, 4, { numLayers: 2 }).call(zeros([5, 2, 3]), [zeros([1, 2, 4]), zeros([2, 2, 4])]), "RuntimeError", /Expected hidden\[0\] size \(2, 2, 4\), got \(1, 2, 4\)/);
    throwsNamed(() => new GRU(3, 4).call(zeros([5, 2, 3]), zeros([1, 3, 4])), "RuntimeError", /Expected hidden size \(1, 2, 4\), got \(1, 3, 4\)/);
  });

  test("bad constructor arguments", () => {
    throwsNamed(() => new LSTM(3, 0), "ValueError", /hidden_size must be greater than zero/);
    throwsNamed(() => new GRU(3, 4, { numLayers: 0 }), "ValueError", /num_layers must be greater than zero/);
    throwsNamed(() => new RNN(3, 4, { dropout: 1.5 }), "ValueError", /dropout should be a number in range \[0, 1\]/);
    throwsNamed(() => new RNN(3, 4, { nonlinearity: "sigmoid" as any }), "ValueError", /Unknown nonlinearity 'sigmoid'/);
  });

  test("attention masks of the wrong shape", () => {
    const m = new MultiheadAttention(4, 2);
    const x = zeros([3, 2, 4]);
    throwsNamed(() => m.call(x, x, x, { attnMask: zeros([3, 4]) }), "RuntimeError", /The shape of the 2D attn_mask is \[3, 4\], but should be \[3, 3\]/);
    throwsNamed(() => m.call(x, x, x, { keyPaddingMask: zeros([3, 3]) }), "RuntimeError", /expecting key_padding_mask shape of \[2, 3\], but got \[3, 3\]/);
    throwsNamed(() => scaledDotProductAttention(zeros([2, 3, 4]), zeros([2, 5, 4]), zeros([2, 5, 4]), { attnMask: zeros([3, 5]), isCausal: true }), "RuntimeError", /attn_mask must be None when is_causal is True/);
  });
});
