// Seeded fuzzing of the nn layer constructors' arguments (issue 22): random positional values and
// option objects (valid and invalid keys, snake_case names, NaN, ±Infinity, fractions, strings,
// objects) for every layer family. Each case builds a layer whose forward gives finite values (or
// refuses the input by a named error), or throws a FulgurError (ValueError, TypeError, RuntimeError) with a message
// — never a raw JavaScript error — and a refused layer leaves the global generator untouched.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import * as nn from "../../ts/nn/index.ts";
import { FulgurError, SeededRandom, getRngState, manualSeed, randn, scope, type Tensor } from "../../ts/index.ts";

before(async () => { await init(); });

const NUMS: unknown[] = [NaN, -1, 0, 1, 2, 3, 1.5, 0.5, Infinity, -Infinity, "2", null, true, {}, [2, 2], [1]];

class Rand {
  private r: SeededRandom;
  constructor(seed: number) { this.r = new SeededRandom(seed); }
  pick<T>(xs: readonly T[]): T { return xs[this.r.nextInt(xs.length)]; }
  chance(p: number): boolean { return this.r.nextUint32() / 2 ** 32 < p; }
  /** A valid value most of the time, else a random one. */
  arg(valid: unknown): unknown { return this.chance(0.75) ? valid : this.pick(NUMS); }
  options(keys: readonly string[], valid: Record<string, unknown>): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    const n = this.r.nextInt(3);
    for (let i = 0; i < n; i++) {
      const k = this.chance(0.8) ? this.pick(keys) : this.pick([...keys.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)), "foo"]);
      o[k] = this.chance(0.6) && k in valid ? valid[k] : this.pick(NUMS);
    }
    return o;
  }
}

type Case = { name: string; make: (r: Rand) => nn.Module; input: () => Tensor[] };

const x4 = () => [randn([2, 3, 8, 8])];
const CASES: Case[] = [
  { name: "Linear", make: (r) => new nn.Linear(r.arg(3) as number, r.arg(4) as number, r.arg(true) as boolean), input: () => [randn([2, 3])] },
  { name: "Conv2d", make: (r) => new nn.Conv2d(r.arg(3) as number, r.arg(4) as number, r.arg(3) as number, r.options(["stride", "padding", "dilation", "groups", "bias"], { stride: 1, padding: 1, dilation: 1, groups: 1, bias: false })), input: x4 },
  { name: "Conv1d", make: (r) => new nn.Conv1d(r.arg(3) as number, r.arg(4) as number, r.arg(3) as number, r.options(["stride", "padding", "dilation", "groups", "bias"], { stride: 2, padding: 1 })), input: () => [randn([2, 3, 8])] },
  { name: "ConvTranspose2d", make: (r) => new nn.ConvTranspose2d(r.arg(3) as number, r.arg(2) as number, r.arg(3) as number, r.options(["stride", "padding", "outputPadding", "groups", "bias"], { stride: 2, outputPadding: 1 })), input: x4 },
  { name: "MaxPool2d", make: (r) => new nn.MaxPool2d(r.arg(2) as number, r.options(["stride", "padding", "dilation", "ceilMode"], { stride: 2, padding: 1, ceilMode: true })), input: x4 },
  { name: "AvgPool2d", make: (r) => new nn.AvgPool2d(r.arg(2) as number, r.options(["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"], { padding: 1, divisorOverride: 3 })), input: x4 },
  { name: "BatchNorm2d", make: (r) => new nn.BatchNorm2d(r.arg(3) as number, r.options(["eps", "momentum", "affine", "trackRunningStats"], { eps: 1e-3, momentum: 0.5, affine: false })), input: x4 },
  { name: "LayerNorm", make: (r) => new nn.LayerNorm(r.arg(8) as number, r.options(["eps", "elementwiseAffine"], { eps: 1e-3 })), input: x4 },
  { name: "GroupNorm", make: (r) => new nn.GroupNorm(r.arg(1) as number, r.arg(3) as number, r.options(["eps", "affine"], { eps: 1e-3 })), input: x4 },
  { name: "Dropout", make: (r) => new nn.Dropout(r.arg(0.25) as number, r.options(["inplace"], { inplace: true })), input: x4 },
  { name: "Embedding", make: (r) => new nn.Embedding(r.arg(10) as number, r.arg(4) as number, r.options(["paddingIdx", "normType"], { paddingIdx: 0 })), input: () => [] },
  { name: "MultiheadAttention", make: (r) => new nn.MultiheadAttention(r.arg(4) as number, r.arg(2) as number, r.options(["dropout", "bias", "batchFirst", "addZeroAttn"], { dropout: 0.1, batchFirst: true })), input: () => [] },
  { name: "LSTM", make: (r) => new nn.LSTM(r.arg(3) as number, r.arg(4) as number, r.options(["numLayers", "bias", "batchFirst", "dropout", "bidirectional"], { numLayers: 2, bidirectional: true })), input: () => [] },
  { name: "TransformerEncoderLayer", make: (r) => new nn.TransformerEncoderLayer(r.arg(4) as number, r.arg(2) as number, r.options(["dimFeedforward", "dropout", "activation", "layerNormEps", "batchFirst", "normFirst"], { dimFeedforward: 8, activation: "gelu" })), input: () => [] },
  { name: "LeakyReLU", make: (r) => new nn.LeakyReLU(r.arg(0.1) as number), input: x4 },
  { name: "Flatten", make: (r) => new nn.Flatten(r.arg(1) as number, r.arg(-1) as number), input: x4 },
];

test("layer constructors under random arguments: a working layer or a named error, the generator untouched on error", { timeout: 300_000 }, () => {
  const r = new Rand(2222);
  let built = 0, refused = 0;
  for (let i = 0; i < 1200; i++) {
    const c = CASES[i % CASES.length];
    manualSeed(i);
    const rng = JSON.stringify(getRngState());
    let layer: nn.Module | null = null;
    try {
      layer = c.make(r);
    } catch (e) {
      assert.ok(e instanceof FulgurError, `${c.name} case ${i}: raw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      assert.ok((e as Error).message.length > 10, `${c.name} case ${i}: ${(e as Error).message}`);
      assert.equal(JSON.stringify(getRngState()), rng, `${c.name} case ${i}: a refused layer drew from the generator (${(e as Error).message})`);
      refused++;
      continue;
    }
    built++;
    const inputs = c.input();
    if (inputs.length === 0) continue;
    scope(() => {
      let y: Tensor;
      try {
        y = layer!.call(...inputs) as Tensor;
      } catch (e) {
        // a valid layer may still not fit this input (a kernel larger than it, channel counts): named errors only
        assert.ok(e instanceof FulgurError, `${c.name} case ${i} forward: raw ${(e as Error)?.name}: ${(e as Error)?.message}`);
        return;
      }
      assert.ok(Array.from(y.dataSync() as Float32Array).every(Number.isFinite), `${c.name} case ${i}: non-finite output`);
    });
  }
  console.log(`layer options fuzz: ${built} built, ${refused} refused with a named error`);
  assert.ok(built > 100 && refused > 100, `${built} built, ${refused} refused`);
});
