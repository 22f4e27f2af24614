// Shared by rnn_*.test.ts and attn_*.test.ts: builds a fixture case's module (fixtures/gen_rnn_attn.py),
// loads torch's state_dict by name, runs the forward the generator ran, and checks outputs and gradients.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import fixture from "./fixtures/rnn_attn.json" with { type: "json" };
import { assertClose } from "../autograd/compare.ts";
import { Tensor, tensor, scope } from "../../ts/autograd/index.ts";
import { LSTM, GRU, RNN, MultiheadAttention, TransformerEncoderLayer, type Module } from "../../ts/nn/index.ts";

export { fixture };
export interface Enc { shape: number[]; data: Array<number | boolean | string>; dtype?: string }
export type Case = (typeof fixture.cases)[number];

export const TOL = { rtol: 1e-4, atol: 1e-5 };

/** A fixture tensor: float (optionally requiring grad) or bool. */
export function dec(e: Enc, requiresGrad = false): Tensor {
  if (e.dtype === "bool") return new Tensor(tf.tensor(e.data as boolean[], e.shape, "bool"));
  // JSON has no infinities: the generator writes them as "-inf" / "inf"
  const data = Float32Array.from(e.data as Array<number | string>, (v) => (v === "-inf" ? -Infinity : v === "inf" ? Infinity : (v as number)));
  return tensor(data, e.shape, { requiresGrad });
}

/** The module a case or init entry describes (constructor options in camelCase, as torch's keywords). */
export function build(kind: string, ctor: Record<string, any>): Module {
  const { inputSize, hiddenSize, embedDim, numHeads, dModel, nhead, kind: _k, ...opts } = ctor;
  switch (kind) {
    case "lstm": return new LSTM(inputSize, hiddenSize, opts);
    case "gru": return new GRU(inputSize, hiddenSize, opts);
    case "rnn_tanh": case "rnn_relu": return new RNN(inputSize, hiddenSize, opts);
    case "mha": return new MultiheadAttention(embedDim, numHeads, opts);
    case "tel": return new TransformerEncoderLayer(dModel, nhead, opts);
  }
  throw new Error(`unknown kind ${kind}`);
}

/** Runs a case's forward (as gen_rnn_attn.py's call) and returns its outputs in the fixture's order. */
function forward(c: Case, m: any, inputs: Record<string, Tensor | null>): Tensor[] {
  const i = inputs;
  switch (c.kind) {
    case "lstm": {
      const [out, [h, cc]] = m.call(i.x, i.h0 ? [i.h0, i.c0] : null);
      return [out, h, cc];
    }
    case "gru": case "rnn_tanh": case "rnn_relu": {
      const [out, h] = m.call(i.x, i.h0 ?? null);
      return [out, h];
    }
    case "mha": {
      const f = c.forward as Record<string, unknown>;
      const [out, w] = m.call(i.q, i.k ?? i.q, i.v ?? i.q, { attnMask: i.attn_mask ?? null, keyPaddingMask: i.key_padding_mask ?? null, ...f });
      return w ? [out, w] : [out];
    }
    case "tel":
      return [m.call(i.src, { srcMask: i.src_mask ?? null, srcKeyPaddingMask: i.src_key_padding_mask ?? null })];
  }
  throw new Error(`unknown kind ${c.kind}`);
}

/**
 * The same check with asynchronous reads (webgpu in Node has no synchronous read): forward and
 * backward run first, then every output and gradient is read with data().
 */
export async function checkCaseAsync(c: Case, tol = TOL): Promise<void> {
  const m = build(c.kind, c.ctor as Record<string, any>);
  m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, (v as Enc).data as number[]])));
  const inputs: Record<string, Tensor | null> = {};
  for (const [k, v] of Object.entries(c.inputs)) inputs[k] = v ? dec(v as Enc, (v as Enc).dtype !== "bool") : null;
  const outs = forward(c, m, inputs);
  let loss: Tensor | null = null;
  outs.forEach((o, j) => {
    const term = o.mul(dec(c.weights[j] as Enc)).sum();
    loss = loss ? loss.add(term) : term;
  });
  loss!.backward();
  for (let j = 0; j < outs.length; j++) {
    assertClose(await outs[j].value.data() as Float32Array, (c.expect.outputs[j] as Enc).data as number[], `${c.name} output ${j}`, tol);
  }
  for (const [name, p] of m.namedParameters()) {
    const want = (c.expect.grads as unknown as Record<string, Enc>)[name];
    assertClose(await p.grad!.value.data() as Float32Array, want.data as number[], `${c.name} grad ${name}`, tol);
  }
  for (const [k, want] of Object.entries(c.expect.input_grads as unknown as Record<string, Enc>)) {
    assertClose(await inputs[k]!.grad!.value.data() as Float32Array, want.data as number[], `${c.name} grad of input ${k}`, tol);
  }
}

/** Loads torch's state_dict, runs forward + sum(out · W) backward, compares outputs and every gradient. */
export function checkCase(c: Case): void {
  const m = build(c.kind, c.ctor as Record<string, any>);
  const sd = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, (v as Enc).data as number[]]));
  assert.deepEqual(m.stateDict ? Object.keys(m.stateDict()) : [], Object.keys(c.state), "state_dict names and order");
  m.loadStateDict(sd);
  scope(() => {
    const inputs: Record<string, Tensor | null> = {};
    for (const [k, v] of Object.entries(c.inputs)) inputs[k] = v ? dec(v as Enc, (v as Enc).dtype !== "bool") : null;
    const outs = forward(c, m, inputs);
    assert.equal(outs.length, c.expect.outputs.length, "number of outputs");
    let loss: Tensor | null = null;
    outs.forEach((o, j) => {
      const want = c.expect.outputs[j] as Enc;
      assert.deepEqual(o.shape, want.shape, `output ${j} shape`);
      assertClose(o.dataSync(), want.data as number[], `${c.name} output ${j}`, TOL);
      const term = o.mul(dec(c.weights[j] as Enc)).sum();
      loss = loss ? loss.add(term) : term;
    });
    loss!.backward();
    for (const [name, p] of m.namedParameters()) {
      const want = (c.expect.grads as unknown as Record<string, Enc>)[name];
      assert.ok(p.grad, `${c.name}: ${name} got a gradient`);
      assertClose(p.grad!.dataSync(), want.data as number[], `${c.name} grad ${name}`, TOL);
    }
    for (const [k, want] of Object.entries(c.expect.input_grads as unknown as Record<string, Enc>)) {
      assertClose(inputs[k]!.grad!.dataSync(), want.data as number[], `${c.name} grad of input ${k}`, TOL);
    }
  });
  for (const p of m.parameters()) {
    p.grad?.dispose();
    p.dispose();
  }
}
