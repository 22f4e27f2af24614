// The model-side checks the Chromium test runs in one page load, on fulgur-wasm: the torch 1.13
// fixtures of the tensor API (A, B), the nn layers, conv/pool and the random generator, the
// WGAN-GP and MAML examples at their CI size, and the cross-runtime digest. Each section counts
// its passes and keeps its first failures (case, message with the values) for Node to report.
// Bundled for the browser by tests/browser/model_side_chromium.test.ts, which maps node:assert
// and tests/autograd/compare.ts onto ./assert_shim.ts and ./compare_report.ts.
import assert from "node:assert/strict";
import aFixture from "../../tensor/fixtures/a_ops.json" with { type: "json" };
import bFixture from "../../tensor/fixtures/b_ops.json" with { type: "json" };
import layersFixture from "../../nn/fixtures/layers.json" with { type: "json" };
import convFixture from "../../conv/fixtures/conv.json" with { type: "json" };
import lossesFixture from "../../nn/fixtures/losses.json" with { type: "json" };
import netsFixture from "../../nn/fixtures/nn.json" with { type: "json" };
import penaltyFixture from "../../tensor/fixtures/b_penalty.json" with { type: "json" };
import dtypesFixture from "../../tensor/fixtures/b_dtypes.json" with { type: "json" };
import { buildNet } from "../../nn/build_net.ts";
import * as tf from "@tensorflow/tfjs-core";
import * as ops from "../../../ts/autograd/ops/index.ts";
import { Tensor as TensorClass, type Operand } from "../../../ts/autograd/index.ts";
import { assertClose } from "../../autograd/compare.ts";
import { OPS as A_OPS, decode, decodeArgs, joined } from "../../tensor/a_fixture_ops.ts";
import { OPS as B_OPS, check as checkB } from "../../tensor/b_check.ts";
import { checkCase as checkConv, type ConvCase } from "../../conv/cases.ts";
import { fixture as rnnAttn, checkCase as checkRnnAttn, build as buildRnnAttn, dec, TOL, type Enc } from "../../nn/rnn_attn_fixture.ts";
import { fx, bits, checkCase } from "../../random/helpers.ts";
import * as ag from "../../../ts/autograd/index.ts";
import type { Tensor } from "../../../ts/autograd/index.ts";
import * as nn from "../../../ts/nn/index.ts";
import * as F from "../../../ts/nn/functional.ts";
import {
  manualSeed, rand, randn, randperm, normal, tensor, Generator,
} from "../../../ts/index.ts";
import { main as wganMain } from "../../../examples/manual/wgan_gp.ts";
import { main as mamlMain } from "../../../examples/manual/maml_sine.ts";
import { digestRun, type Digest } from "./digest.ts";

export interface Failure { case: string; message: string }
export interface SectionResult { pass: number; fail: number; skipped: number; failures: Failure[]; ms: number }
export interface Report { sections: Record<string, SectionResult>; digest: Digest | null; figures: Record<string, unknown> }

const KEEP = 8;

class Section {
  r: SectionResult = { pass: 0, fail: 0, skipped: 0, failures: [], ms: 0 };
  async run(name: string, fn: () => unknown): Promise<void> {
    try {
      await fn();
      this.r.pass++;
    } catch (e) {
      if ((e as Error)?.name === "NotImplementedError") {
        this.r.skipped++; // the Node test skips these too (a kernel fulgur-wasm does not register)
        return;
      }
      this.r.fail++;
      if (this.r.failures.length < KEEP) this.r.failures.push({ case: name, message: String((e as Error)?.message ?? e) });
    }
  }
}

const STORED: Record<string, string> = { float32: "float32", int64: "int32", bool: "bool" };

function sameData(t: Tensor, expected: { t: Array<number | boolean>; shape: number[]; dtype: string }, what: string): void {
  assert.deepEqual(t.shape, expected.shape, `${what}: shape`);
  assert.equal(t.dtype, STORED[expected.dtype], `${what}: dtype`);
  const got = Array.from(t.value.dataSync() as ArrayLike<number>);
  const want = expected.t.map(Number);
  if (t.dtype === "float32") assertClose(got, want, what);
  else assert.deepEqual(got, want, `${what}: values`);
}

/** (1) tensor API A and B: forward, gradients, double backward, Hessian-vector products. */
async function tensorApi(s: Section): Promise<void> {
  for (const c of aFixture.grad as any[]) {
    await s.run(`A ${c.name}: forward and gradients`, () => ag.scope(() => {
      const xs = c.inputs.map((i: any) => ag.tensor(i.data, i.shape, { requiresGrad: true }));
      const out = joined(A_OPS[c.op](xs, decodeArgs(c.args)));
      assert.deepEqual(out.shape, c.out.shape, "output shape");
      assertClose(out.dataSync(), c.out.data, `${c.name} forward`);
      out.mul(ag.tensor(c.w, c.out.shape)).sum().backward();
      xs.forEach((x: Tensor, i: number) => assertClose(x.grad ? x.grad.dataSync() : new Float32Array(x.size), c.grads[i], `${c.name} grad of input ${i}`));
    }));
  }
  for (const c of aFixture.forward as any[]) {
    await s.run(`A ${c.name}: dtype and values`, () => ag.scope(() => {
      sameData(joined(A_OPS[c.op](c.inputs.map((i: any) => decode(i)), decodeArgs(c.args))), c.out, c.name);
    }));
  }
  const create: Record<string, (...a: any[]) => Tensor> = {
    arange: (...a) => (ag.arange as any)(...a),
    linspace: (a, b, n) => ag.linspace(a, b, n),
    eye: (...a) => (ag.eye as any)(...a),
    tensor: (d) => ag.tensor(d),
    full: (sh, v) => ag.full(sh, v),
  };
  for (const c of aFixture.creation as any[]) {
    await s.run(`A creation ${c.name}`, () => ag.scope(() => {
      const [fn, ...args] = c.call as [string, ...any[]];
      const out = create[fn](...args);
      if (fn === "linspace" || fn === "arange") {
        // bit-exact: torch's own float32 / float64 formulas
        assert.deepEqual(out.shape, c.out.shape);
        assert.equal(out.dtype, STORED[c.out.dtype]);
        assert.deepEqual(Array.from(out.value.dataSync() as ArrayLike<number>), Array.from(Float32Array.from(c.out.t as number[])), c.name);
      } else {
        sameData(out, c.out, c.name);
      }
    }));
  }
  for (const c of aFixture.double as any[]) {
    await s.run(`A double backward through ${c.name}`, () => ag.scope(() => {
      const x = ag.tensor(c.x.data, c.x.shape, { requiresGrad: true });
      const out = joined(A_OPS[c.op]([x], decodeArgs(c.args)));
      const u = ag.tensor(c.u, out.shape, { requiresGrad: true });
      const [g] = ag.grad(out, x, { gradOutputs: u, createGraph: true });
      assertClose(g!.dataSync(), c.g, `${c.name} first gradient`);
      const [gu] = ag.grad(g!, u, { gradOutputs: ag.tensor(c.v, x.shape) });
      assertClose(gu!.dataSync(), c.gu.data, `${c.name} gradient of the gradient`);
    }));
  }
  for (const c of aFixture.hvp as any[]) {
    await s.run(`A Hessian-vector product through ${c.name}`, () => ag.scope(() => {
      const x = ag.tensor(c.x.data, c.x.shape, { requiresGrad: true });
      const out = joined(A_OPS[c.op]([x], decodeArgs(c.args)));
      const [g] = ag.grad(out.mul(out).mul(ag.tensor(c.w, out.shape)).sum(), x, { createGraph: true });
      assertClose(g!.dataSync(), c.g, `${c.name} gradient`);
      const [h] = ag.grad(g!.mul(ag.tensor(c.v, x.shape)).sum(), x);
      assertClose(h!.dataSync(), c.hv, `${c.name} Hessian-vector product`);
    }));
  }
  for (const c of bFixture.cases as any[]) {
    await s.run(`B ${c.name}`, () => {
      assert.ok(B_OPS[c.op], `no op "${c.op}" in the test table`);
      checkB(c, B_OPS[c.op]);
    });
  }
  await gradientPenalty(s);
  await dtypes(s);
}

/** WGAN-GP's gradient penalty through a 3-layer critic (as tests/tensor/b_gradient_penalty). */
async function gradientPenalty(s: Section): Promise<void> {
  const acts: Record<string, (t: Tensor) => Tensor> = { leaky_relu: (t) => ag.leakyRelu(t, 0.2), gelu: (t) => ag.gelu(t), tanh: (t) => t.tanh() };
  for (const c of penaltyFixture.cases as any[]) {
    await s.run(`gradient penalty, ${c.act} critic`, () => ag.scope(() => {
      const f = acts[c.act];
      const ps = c.params.map((p: any) => ag.tensor(p.data, p.shape, { requiresGrad: true }));
      const x = ag.tensor(c.x.data, c.x.shape, { requiresGrad: true });
      const d = ag.linear(f(ag.linear(f(ag.linear(x, ps[0], ps[1])), ps[2], ps[3])), ps[4], ps[5]);
      const [g] = ag.grad(d.sum(), x, { createGraph: true });
      assert.ok(g && g.requiresGrad, "the input gradient carries a graph");
      assertClose(g.dataSync(), c.gradX, `${c.act} ∂D/∂x`, { rtol: 1e-4, atol: 1e-5 });
      const penalty = g.norm(2, 1).sub(1).pow(2).mean();
      assertClose([penalty.item()], [c.penalty], `${c.act} penalty`, { rtol: 1e-4, atol: 1e-6 });
      penalty.backward();
      ps.forEach((p: Tensor, i: number) => {
        if (c.grads[i] === null) assert.equal(p.grad, null, `parameter ${i} should get no gradient`);
        else assertClose(p.grad!.dataSync(), c.grads[i], `${c.act} grad of parameter ${i}`, { rtol: 2e-4, atol: 2e-5 });
      });
      assertClose(x.grad!.dataSync(), c.inputGrad, `${c.act} grad of x`, { rtol: 2e-4, atol: 2e-5 });
    }));
  }
}

/** dtype promotion of binary/unary ops and torch's refusals (as tests/tensor/b_dtypes). */
async function dtypes(s: Section): Promise<void> {
  const ops2: Record<string, (a: Operand, b: Operand) => Tensor> = {
    add: ops.add, sub: ops.sub, mul: ops.mul, div: ops.div, floorDivide: ops.floorDivide, remainder: ops.remainder,
    fmod: ops.fmod, pow: ops.pow, maximum: ops.maximum, eq: ops.eq, lt: ops.lt, ge: ops.ge,
    logicalAnd: ops.logicalAnd, logicalXor: ops.logicalXor,
  };
  const ops1: Record<string, (a: Tensor) => Tensor> = {
    sum: (a) => ops.sum(a), neg: ops.neg, abs: ops.abs, exp: ops.exp, sqrt: ops.sqrt, square: ops.square,
    floor: ops.floor, sign: ops.sign, cumsum0: (a) => ops.cumsum(a, 0), prod: (a) => ops.prod(a), sigmoid: ops.sigmoid,
    argmax: (a) => ops.argmax(a), amax: (a) => ops.amax(a), clampHalf: (a) => ops.clamp(a, 0.5), clamp1: (a) => ops.clamp(a, 1),
    mean: (a) => ops.mean(a), logicalNot: ops.logicalNot, isnan: ops.isnan,
  };
  const extensions = new Set(["logicalAnd", "logicalXor"]); // fulgur accepts a JS number there
  const num = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
  const operand = (key: string): Operand => {
    const o = (dtypesFixture.operands as Record<string, unknown>)[key];
    if (typeof o === "number") return o;
    if (key === "f") return ag.tensor(o as number[]);
    const v = tf.tensor1d(o as number[], "float32");
    return new TensorClass(key === "b" ? tf.notEqual(v, 0) : tf.cast(v, "int32"));
  };
  for (const row of dtypesFixture.rows as any[]) {
    const name = row.b === undefined ? `${row.op}(${row.a})` : `${row.op}(${row.a}, ${row.b})`;
    await s.run(`dtype ${name}`, () => ag.scope(() => {
      const run = () => (row.b === undefined ? ops1[row.op](operand(row.a) as Tensor) : ops2[row.op](operand(row.a), operand(row.b)));
      if (row.error !== undefined) {
        if (extensions.has(row.op)) return;
        assert.throws(run, (e: Error) => {
          assert.equal(e.message, row.error);
          return true;
        });
        return;
      }
      const y = run();
      assert.equal(y.dtype, row.dtype, `${name}: dtype`);
      const expected = (row.data as Array<number | string>).map(num);
      const got = Array.from(y.dataSync());
      if (row.dtype !== "float32") assert.deepEqual(got, expected, name);
      else {
        expected.forEach((e, i) => { if (!Number.isFinite(e) && !Number.isNaN(e)) assert.equal(got[i], e, `${name}[${i}]`); });
        assertClose(got.map((g, i) => (Number.isFinite(expected[i]) || Number.isNaN(expected[i]) ? g : 0)),
          expected.map((e) => (Number.isFinite(e) || Number.isNaN(e) ? e : 0)), name, { rtol: 1e-5, atol: 1e-6 });
      }
    }));
  }
}

function makeLayer(ctor: unknown[]): nn.Module {
  const [name, args, opts] = ctor as [string, unknown[], Record<string, unknown>];
  const cls = (nn as Record<string, any>)[name];
  assert.ok(typeof cls === "function", `nn.${name} exists`);
  return Object.keys(opts).length ? new cls(...args, opts) : new cls(...args);
}

/** (2) nn layers (as tests/nn/layers_vs_torch, rnn_vs_torch, attn_vs_torch). */
async function layers(s: Section): Promise<void> {
  type E = { shape: number[]; data: number[] };
  const tol = { rtol: 1e-4, atol: 1e-5 };
  const tol6 = { rtol: 1e-4, atol: 1e-6 };
  for (const c of layersFixture.cases as any[]) {
    await s.run(`layer ${c.name}`, () => {
      const layer = makeLayer(c.ctor);
      assert.deepEqual(Object.keys(layer.stateDict()), Object.keys(c.state), "state_dict names and order");
      layer.loadStateDict(Object.fromEntries(Object.entries(c.state as Record<string, E>).map(([k, v]) => [k, tensor(v.data, v.shape)])));
      layer.train(c.train);
      c.inputs.forEach((inp: E, step: number) => {
        layer.zeroGrad(true);
        ag.scope(() => {
          const x = tensor(inp.data, inp.shape, { requiresGrad: c.xgrad !== null });
          const out = layer.call(x);
          out.mul(tensor(c.r[step].data, c.r[step].shape)).sum().backward();
          if (step < c.inputs.length - 1) return;
          assert.deepEqual(out.shape, c.out.shape, "output shape");
          assertClose(out.dataSync(), c.out.data, `${c.name} output`, tol);
          if (c.xgrad) assertClose(x.grad!.dataSync(), c.xgrad.data, `${c.name} input grad`, tol);
        });
      });
      for (const [name, p] of layer.namedParameters()) {
        if (c.grads[name]) assertClose(p.grad!.dataSync(), c.grads[name].data, `${c.name} grad ${name}`, tol);
      }
      const after = layer.stateDict();
      for (const [k, v] of Object.entries(c.after as Record<string, E>)) assertClose(after[k], v.data, `${c.name} state ${k} after the forward`, tol);
    });
  }
  for (const c of layersFixture.inits as any[]) {
    await s.run(`init ${c.name} seed ${c.seed}`, () => {
      nn.manualSeed(c.seed);
      const sd = makeLayer(c.ctor).stateDict();
      for (const [k, v] of Object.entries(c.state as Record<string, E>)) assert.deepEqual(Array.from(sd[k]), v.data.map(Math.fround), `${c.name} ${k}`);
    });
  }
  for (const c of layersFixture.dropout as any[]) {
    await s.run(`Dropout(${c.p}) seed ${c.seed}`, () => ag.scope(() => {
      nn.manualSeed(c.seed);
      const x = randn(c.x.shape);
      assertClose(x.dataSync(), c.x.data, "input drawn as torch", { rtol: 0, atol: 0 });
      const d = new nn.Dropout(c.p);
      for (const expected of c.outs) assertClose(d.call(x).dataSync(), expected.data, `dropout p=${c.p}`, { rtol: 1e-6, atol: 0 });
    }));
  }
  for (const c of lossesFixture.cases as any[]) {
    await s.run(`loss ${c.name}`, () => ag.scope(() => {
      const [name, opts] = c.opts as [string, Record<string, unknown>];
      const x = tensor(c.x.data, c.x.shape, { requiresGrad: true });
      const intTarget = !c.targetGrad && Number.isInteger(c.target.data[0]) && c.target.shape.length < c.x.shape.length;
      const target = intTarget && c.target.shape.length === 1 ? c.target.data : tensor(c.target.data, c.target.shape, { requiresGrad: c.targetGrad });
      const weight = c.weight ? tensor(c.weight.data) : null;
      const out = name === "cosineSimilarity"
        ? F.cosineSimilarity(x, target as Tensor, opts.dim as number, (opts.eps as number) ?? 1e-8)
        : (F as Record<string, any>)[name](x, target, weight === null ? opts : { ...opts, weight });
      assert.deepEqual(out.shape, c.out.shape, "loss shape");
      assertClose(out.dataSync(), c.out.data, `${c.name} value`, tol6);
      out.mul(tensor(c.r.data, c.r.shape)).sum().backward();
      assertClose(x.grad!.dataSync(), c.xgrad.data, `${c.name} input grad`, tol6);
      if (c.tgrad) assertClose((target as Tensor).grad!.dataSync(), c.tgrad.data, `${c.name} target grad`, tol6);
    }));
  }
  type L = (o: Tensor, y: { shape: number[]; data: number[] }) => Tensor;
  const netLosses: Record<string, L> = {
    mse: (o, y) => nn.mseLoss(o, tensor(y.data, y.shape)),
    l1: (o, y) => nn.l1Loss(o, tensor(y.data, y.shape)),
    smooth_l1: (o, y) => nn.smoothL1Loss(o, tensor(y.data, y.shape)),
    bce_with_logits: (o, y) => nn.binaryCrossEntropyWithLogits(o, tensor(y.data, y.shape)),
    cross_entropy: (o, y) => nn.crossEntropy(o, y.data),
  };
  for (const c of netsFixture.cases as any[]) {
    await s.run(`net ${c.name}`, () => {
      const net = buildNet(c.layers);
      assert.deepEqual(net.namedParameters().map(([n]) => n), Object.keys(c.params), "state_dict names and order");
      net.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, (v as E).data])));
      ag.scope(() => {
        const loss = netLosses[c.loss](net.call(tensor(c.x.data, c.x.shape)), c.y);
        assertClose([loss.item()], [c.expect.loss], `${c.name} loss`);
        loss.backward();
      });
      for (const [name, p] of net.namedParameters()) {
        assert.ok(c.expect.grads[name], `fixture has a gradient for ${name}`);
        assertClose(p.grad!.dataSync(), c.expect.grads[name], `${c.name} grad ${name}`, { rtol: 1e-4, atol: 1e-6 });
      }
    });
  }
  for (const c of rnnAttn.cases) await s.run(`${c.kind} ${c.name}`, () => checkRnnAttn(c));
  for (const c of rnnAttn.sdpa as any[]) {
    await s.run(`sdpa ${c.name}`, () => ag.scope(() => {
      const q = dec(c.q, true), k = dec(c.k, true), v = dec(c.v, true);
      const out = nn.scaledDotProductAttention(q, k, v, { attnMask: c.mask ? dec(c.mask) : null, isCausal: c.is_causal });
      assertClose(out.dataSync(), c.expect.out.data, `${c.name} output`, TOL);
      out.mul(dec(c.weight)).sum().backward();
      assertClose(q.grad!.dataSync(), c.expect.dq.data, `${c.name} dq`, TOL);
      assertClose(k.grad!.dataSync(), c.expect.dk.data, `${c.name} dk`, TOL);
      assertClose(v.grad!.dataSync(), c.expect.dv.data, `${c.name} dv`, TOL);
    }));
  }
  for (const c of rnnAttn.inits as any[]) {
    await s.run(`init ${c.name}`, () => {
      manualSeed(c.seed);
      const sd = buildRnnAttn(c.ctor.kind, c.ctor).stateDict();
      assert.deepEqual(Object.keys(sd), Object.keys(c.state), "state_dict names in torch's order");
      for (const [k, v] of Object.entries(c.state)) assertClose(sd[k], (v as Enc).data as number[], `${c.name} ${k}`, { rtol: 0, atol: 0 });
      assertClose(rand([1]).dataSync(), [c.next_rand], `${c.name}: the generator's next draw`, { rtol: 0, atol: 0 });
    });
  }
  for (const d of rnnAttn.dropout_layers as any[]) {
    await s.run(`${d.kind} dropout masks in training mode`, () => {
      manualSeed(d.seed_init);
      const m = buildRnnAttn(d.kind, d.ctor) as any;
      ag.scope(() => {
        const x = dec(d.x);
        manualSeed(d.seed_forward);
        const [y, w] = d.kind === "mha" ? m.call(x, x, x) : m.call(x);
        assertClose(y.dataSync(), d.out.data, `${d.kind} output with dropout`, TOL);
        if (d.weights) assertClose(w.dataSync(), d.weights.data, `${d.kind} attention weights with dropout`, TOL);
      });
    });
  }
  await s.run("TransformerEncoder with a final norm", () => {
    const e = rnnAttn.encoder as any;
    manualSeed(e.seed);
    const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true });
    const encoder = new nn.TransformerEncoder(layer, 2, { norm: new nn.LayerNorm(8) });
    assertClose(rand([1]).dataSync(), [e.next_rand], "the generator's next draw", { rtol: 0, atol: 0 });
    encoder.loadStateDict(Object.fromEntries(Object.entries(e.state).map(([k, v]) => [k, (v as Enc).data as number[]])));
    ag.scope(() => {
      const y = encoder.call(dec(e.x), { mask: nn.generateSquareSubsequentMask(4) });
      assertClose(y.dataSync(), e.out.data, "encoder output", TOL);
    });
  });
  await s.run("TransformerEncoderLayer dropout masks in training mode", () => {
    const d = rnnAttn.tel_dropout as any;
    manualSeed(d.seed_init);
    const { dModel, nhead, ...opts } = d.ctor; // unknown option keys are refused
    const layer = new nn.TransformerEncoderLayer(dModel, nhead, opts);
    ag.scope(() => {
      const x = dec(d.x);
      manualSeed(d.seed_forward);
      assertClose(layer.call(x, { srcMask: nn.generateSquareSubsequentMask(x.shape[1]) }).dataSync(), d.out.data, "output with dropout", TOL);
    });
  });
}

/** (3) conv and pooling: forward, gradients, double backward. */
async function conv(s: Section): Promise<void> {
  for (const c of convFixture.cases as ConvCase[]) await s.run(`${c.op} ${c.name}`, () => checkConv(c));
}

/** (4) torch's CPU generator, bit for bit (as tests/random/random_vs_torch). */
async function random(s: Section): Promise<void> {
  for (const c of fx.cases) {
    const what = `${c.op} seed=${c.seed} shape=[${c.shape}] args=${JSON.stringify(c.args ?? null)}`;
    await s.run(what, () => checkCase(c));
  }
  await s.run("randn's cached second Box–Muller sample", () => {
    manualSeed(7);
    const got = [randn([3]), randn([1]), randn([20]), randn([5]), rand([4]), randn([1])].map((t) => [...t.dataSync()]);
    manualSeed(7);
    got.push([...randn([1]).dataSync()]);
    assert.deepEqual(got.map(bits), fx.sequence.map(bits));
  });
  await s.run("a Generator object's stream", () => {
    const g = new Generator().manualSeed(fx.generator.seed);
    assert.deepEqual(bits(rand([5], { generator: g }).dataSync()), bits(fx.generator.rand));
    assert.deepEqual(bits(randn([18], { generator: g }).dataSync()), bits(fx.generator.randn));
    assert.deepEqual([...randperm(9, { generator: g }).value.dataSync()], fx.generator.randperm);
  });
  await s.run("torch.normal's four forms", () => {
    const n = fx.normal;
    const m = tensor(n.mean), sd = tensor(n.std);
    manualSeed(11); assert.deepEqual(bits(normal(m, sd).dataSync()), bits(n.tt), "normal(Tensor, Tensor)");
    manualSeed(11); assert.deepEqual(bits(normal(1.5, sd).dataSync()), bits(n.st), "normal(float, Tensor)");
    manualSeed(11); assert.deepEqual(bits(normal(m, 0.25).dataSync()), bits(n.ts), "normal(Tensor, float)");
    manualSeed(11); assert.deepEqual(bits(normal(2.0, 3.0, [2, 9]).dataSync()), bits(n.ss), "normal(float, float, size)");
  });
}

/** (5) the examples at the CI size of tests/examples/manual_{wgan_gp,maml_sine}.test.ts, with their assertions. */
async function examples(s: Section, figures: Record<string, unknown>): Promise<void> {
  const GEN_STEPS = 200, N_CRITIC = 5;
  let w: Awaited<ReturnType<typeof wganMain>> | null = null;
  await s.run("wgan_gp: runs", async () => { w = await wganMain({ genSteps: GEN_STEPS, nCritic: N_CRITIC, batchSize: 64, hidden: 64, trackMemory: true }); });
  if (w) {
    const r = w as Awaited<ReturnType<typeof wganMain>>;
    figures.wgan = { before: r.before, after: r.after, lastGp: r.gps.at(-1), lastDLoss: r.dLosses.at(-1) };
    await s.run("wgan_gp: nCritic critic steps per generator step", () => {
      assert.equal(r.dLosses.length, GEN_STEPS * N_CRITIC);
      assert.equal(r.globalStep, GEN_STEPS * N_CRITIC + GEN_STEPS);
    });
    await s.run("wgan_gp: finite penalty, the generator moves onto the modes", () => {
      for (const gp of r.gps) assert.ok(Number.isFinite(gp) && gp >= 0, `gp ${gp}`);
      assert.ok(r.after.meanSqDistance < 0.25 * r.before.meanSqDistance, `${r.before.meanSqDistance} → ${r.after.meanSqDistance}`);
      assert.ok(r.after.nearFraction > r.before.nearFraction + 0.1, `${r.before.nearFraction} → ${r.after.nearFraction}`);
      assert.ok(r.after.modesCovered >= 5, `modes covered ${r.after.modesCovered}`);
    });
    await s.run("wgan_gp: flat live-tensor count after warm-up", () => {
      const perEpoch = N_CRITIC * 10;
      assert.ok(r.liveCounts.length >= 4 * perEpoch);
      for (let i = 2 * perEpoch; i < r.liveCounts.length; i++) assert.equal(r.liveCounts[i], r.liveCounts[i - perEpoch], `step ${i}`);
    });
  }
  let m: Awaited<ReturnType<typeof mamlMain>> | null = null;
  await s.run("maml_sine: runs", async () => { m = await mamlMain({ metaSteps: 300, tasksPerStep: 4, innerLr: 0.05, outerLr: 3e-3 }); });
  if (m) {
    const r = m as Awaited<ReturnType<typeof mamlMain>>;
    figures.maml = { before: r.maml.before, after: r.maml.after, baseline: r.baseline.after };
    await s.run("maml_sine: finite meta-loss, the post-adaptation loss falls", () => {
      for (const l of r.maml.metaLosses) assert.ok(Number.isFinite(l), `meta-loss ${l}`);
      assert.equal(r.maml.metaLosses.length, 300);
      assert.ok(r.maml.after < 0.8 * r.maml.before, `${r.maml.before} → ${r.maml.after}`);
    });
    await s.run("maml_sine: MAML adapts better than the baseline", () => {
      assert.ok(r.maml.after < 0.7 * r.baseline.after, `MAML ${r.maml.after} vs baseline ${r.baseline.after}`);
    });
  }
}

export const SECTIONS = ["tensor", "layers", "conv", "random", "examples", "digest"] as const;

/** Runs the named sections (all by default) on the backend the caller initialised. */
export async function runSections(names: readonly string[] = SECTIONS): Promise<Report> {
  const report: Report = { sections: {}, digest: null, figures: {} };
  const table: Record<string, (s: Section) => Promise<void>> = {
    tensor: tensorApi,
    layers,
    conv,
    random,
    examples: (s) => examples(s, report.figures),
    digest: (s) => s.run("digest run", () => { report.digest = digestRun(); }),
  };
  for (const name of names) {
    const s = new Section();
    const t0 = performance.now();
    await table[name](s);
    s.r.ms = Math.round(performance.now() - t0);
    report.sections[name] = s.r;
  }
  return report;
}
