// Layers and torch.nn.init draw from torch's generator: after manualSeed(s), Linear's default
// initialisation and every init function give torch 1.13's tensors (bit for bit where torch
// only samples and scales; trunc_normal_ and orthogonal_ within float32 rounding of torch's
// erfinv / LAPACK QR).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { manualSeed, Linear, Sequential, Tanh, zeros, nn, noGrad } from "../../ts/index.ts";
import * as initFns from "../../ts/nn/init.ts";
import { fx, bits } from "./helpers.ts";

before(async () => { await init(); });

test("Linear's default init after manualSeed is torch's (kaiming_uniform_(a=√5), then the bias)", () => {
  for (const l of fx.linear) {
    manualSeed(l.seed);
    const lin = new Linear(l.in, l.out, l.bias);
    assert.deepEqual(bits(lin.weight.dataSync()), bits(l.weight), `Linear(${l.in}, ${l.out}) weight, seed ${l.seed}`);
    if (l.bias) assert.deepEqual(bits(lin.bias!.dataSync()), bits(l.biasValues), `Linear(${l.in}, ${l.out}) bias`);
    else assert.equal(lin.bias, null);
  }
});

test("a Sequential built after manualSeed has torch's parameters, in construction order", () => {
  manualSeed(fx.sequential.seed);
  const net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 2));
  const got = net.parameters().map((p) => bits(p.dataSync()));
  assert.deepEqual(got, fx.sequential.params.map(bits));
});

const call = (c: any, t: any) => {
  const k = c.kwargs;
  switch (c.fn) {
    case "xavierUniform_": return initFns.xavierUniform_(t, k.gain);
    case "xavierNormal_": return initFns.xavierNormal_(t, k.gain);
    case "kaimingUniform_": return initFns.kaimingUniform_(t, k.a, k.mode ?? "fan_in", k.nonlinearity ?? "leaky_relu");
    case "kaimingNormal_": return initFns.kaimingNormal_(t, k.a, k.mode ?? "fan_in", k.nonlinearity ?? "leaky_relu");
    case "uniform_": return initFns.uniform_(t, k.a, k.b);
    case "normal_": return initFns.normal_(t, k.mean, k.std);
    case "truncNormal_": return initFns.truncNormal_(t, k.mean, k.std, k.a, k.b);
    case "orthogonal_": return initFns.orthogonal_(t, k.gain);
    default: throw new Error(c.fn);
  }
};

test("torch.nn.init functions after manualSeed give torch's tensors", () => {
  for (const c of fx.init) {
    manualSeed(21);
    const t = zeros(c.shape, { requiresGrad: true }); // a Parameter-like leaf: init runs under noGrad
    assert.equal(call(c, t), t, `${c.fn} returns its tensor`);
    const got = t.dataSync();
    const what = `${c.fn}(${JSON.stringify(c.kwargs)}) on [${c.shape}]`;
    if (c.fn === "truncNormal_" || c.fn === "orthogonal_") {
      const tol = c.fn === "orthogonal_" ? 2e-6 : 1e-6;
      assert.equal(got.length, c.values.length);
      for (let i = 0; i < got.length; i++) {
        assert.ok(Math.abs(got[i] - c.values[i]) <= tol * Math.max(1, Math.abs(c.values[i])), `${what}[${i}]: ${got[i]} vs torch ${c.values[i]}`);
      }
      if (c.fn === "truncNormal_") for (const v of got) assert.ok(v >= c.kwargs.a && v <= c.kwargs.b, `${what}: ${v} inside [a, b]`);
    } else {
      assert.deepEqual(bits(got), bits(c.values), what);
    }
  }
});

test("calculateGain and the fans of linear and conv weights are torch's", () => {
  for (const [key, want] of Object.entries(fx.gains)) {
    const [nl, p] = key.split(":");
    const param = p === "None" ? undefined : Number(p);
    assert.equal(initFns.calculateGain(nl, param), want, key);
  }
  assert.equal(initFns.calculateGain("leakyRelu", 0.2), fx.gains["leaky_relu:0.2"], "camelCase names too");
  for (const f of fx.fans) assert.deepEqual(initFns.calculateFanInAndFanOut(zeros(f.shape)), f.fans, `[${f.shape}]`);
  assert.throws(() => initFns.calculateFanInAndFanOut(zeros([3])), /Fan in and fan out can not be computed for tensor with fewer than 2 dimensions/);
  assert.throws(() => initFns.calculateGain("swish"), /Unsupported nonlinearity swish/);
  assert.throws(() => initFns.kaimingUniform_(zeros([2, 2]), 0, "fan_avg" as any), /Mode fan_avg not supported, please use one of fan_in, fan_out/);
  assert.throws(() => initFns.orthogonal_(zeros([3])), /Only tensors with 2 or more dimensions are supported/);
});

test("nn.init is the same module, and constant_/zeros_/ones_/eye_ fill as torch", () => {
  assert.equal(nn.init.kaimingUniform_, initFns.kaimingUniform_);
  const t = zeros([2, 3], { requiresGrad: true });
  assert.deepEqual([...nn.init.constant_(t, 0.5).dataSync()], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual([...nn.init.ones_(t).dataSync()], [1, 1, 1, 1, 1, 1]);
  assert.deepEqual([...nn.init.eye_(t).dataSync()], [1, 0, 0, 0, 1, 0]);
  assert.deepEqual([...nn.init.zeros_(t).dataSync()], [0, 0, 0, 0, 0, 0]);
  assert.equal(t.requiresGrad, true);
  noGrad(() => t.uniform_());
});
