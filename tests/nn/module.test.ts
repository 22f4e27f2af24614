// Module bookkeeping: torch state_dict names and order, Linear init and errors, load/save, modes.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../autograd/backends.ts";
import { tensor, scope, Parameter, type Tensor } from "../../ts/autograd/index.ts";
import {
  Module, Linear, Sequential, Tanh, LeakyReLU, GELU, Generator, manualSeed,
} from "../../ts/nn/index.ts";

class Gan extends Module {
  G = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 2));
  D = new Sequential(new Linear(2, 4), new LeakyReLU(0.2), new Linear(4, 1));
  forward(z: Tensor): Tensor {
    return this.D.call(this.G.call(z));
  }
}

class OwnParamAfterChild extends Module {
  child = new Linear(2, 2);
  scale = new Parameter(tensor([1]).value);
  forward(x: Tensor): Tensor {
    return this.child.call(x).mul(this.scale);
  }
}

describe("nn.Module", () => {
  before(async () => {
    await useBackend("cpu");
  });

  test("nested names follow torch's state_dict", () => {
    const gan = new Gan();
    assert.deepEqual(gan.namedParameters().map(([n]) => n), [
      "G.0.weight", "G.0.bias", "G.2.weight", "G.2.bias", "D.0.weight", "D.0.bias", "D.2.weight", "D.2.bias",
    ]);
    assert.deepEqual(gan.G.parameters().map((p) => p.shape), [[3, 2], [3], [2, 3], [2]]);
    assert.deepEqual(Object.keys(gan.stateDict()), gan.namedParameters().map(([n]) => n));
  });

  test("a module's own parameters come before its children's, as torch lists them", () => {
    assert.deepEqual(new OwnParamAfterChild().namedParameters().map(([n]) => n), ["scale", "child.weight", "child.bias"]);
  });

  test("registerModule / registerParameter and shared parameters listed once", () => {
    class Manual extends Module {
      constructor() {
        super();
        const shared = new Linear(2, 2);
        this.registerParameter("alpha", new Parameter(tensor([0.5]).value));
        this.registerModule("a", shared);
        this.registerModule("b", shared);
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    assert.deepEqual(new Manual().namedParameters().map(([n]) => n), ["alpha", "a.weight", "a.bias"]);
  });

  test("Linear init: torch's bound 1/√in, deterministic for a seed", () => {
    manualSeed(42);
    const a = new Linear(16, 8);
    manualSeed(42);
    const b = new Linear(16, 8);
    const c = new Linear(16, 8, true, new Generator(43));
    assert.deepEqual(a.weight.dataSync(), b.weight.dataSync());
    assert.notDeepEqual(a.weight.dataSync(), c.weight.dataSync());
    const bound = 1 / Math.sqrt(16);
    for (const v of [...a.weight.dataSync(), ...a.bias!.dataSync()]) assert.ok(Math.abs(v) <= bound, `${v} within ±${bound}`);
    const spread = Math.max(...a.weight.dataSync()) - Math.min(...a.weight.dataSync());
    assert.ok(spread > bound, "values spread over the interval");
    assert.deepEqual(a.weight.shape, [8, 16]);
    assert.equal(new Linear(3, 2, false).bias, null);
    assert.equal(new Linear(3, 2, false).parameters().length, 1);
  });

  test("Linear shape mismatch names both shapes", () => {
    const l = new Linear(3, 5);
    assert.throws(() => scope(() => l.call(tensor([[1, 2], [3, 4], [5, 6], [7, 8]]))), {
      message: "Linear(3 → 5) got input of shape [4,2]: expected last dimension 3",
    });
  });

  test("Linear on a 1-D and a 3-D input keeps the leading dims", () => scope(() => {
    const l = new Linear(2, 3);
    assert.deepEqual(l.call(tensor([1, 2])).shape, [3]);
    assert.deepEqual(l.call(tensor([[[1, 2]], [[3, 4]]])).shape, [2, 1, 3]);
  }));

  test("loadStateDict copies values and rejects wrong keys and sizes with torch's wording", () => {
    const net = new Sequential(new Linear(2, 1));
    net.loadStateDict({ "0.weight": [0.5, -1], "0.bias": [2] });
    assert.deepEqual(Array.from(net.stateDict()["0.weight"]), [0.5, -1]);
    scope(() => assert.equal(net.call(tensor([[2, 1]])).item(), 2));
    assert.throws(() => net.loadStateDict({ "0.weight": [1, 1] }), /Missing key\(s\) in state_dict: "0.bias"/);
    assert.throws(
      () => net.loadStateDict({ "0.weight": [1, 1], "0.bias": [0], "1.weight": [1] }),
      /Error\(s\) in loading state_dict for Sequential:\n\tUnexpected key\(s\) in state_dict: "1.weight"/,
    );
    assert.throws(() => net.loadStateDict({ "0.weight": [1, 1, 1], "0.bias": [0] }), /size mismatch for 0.weight/);
  });

  test("train / eval reach every submodule; zeroGrad zeroes in place; requiresGrad_ toggles all", () => {
    const gan = new Gan();
    gan.eval();
    assert.ok(gan.namedModules().every(([, m]) => !m.training));
    gan.train();
    assert.ok(gan.G.at(1).training);
    scope(() => gan.call(tensor([[1, 2]])).sum().backward());
    const g0 = gan.parameters()[0].grad!;
    gan.zeroGrad();
    assert.equal(gan.parameters()[0].grad, g0, "same grad object");
    assert.ok(g0.dataSync().every((v) => v === 0));
    gan.zeroGrad(true);
    assert.equal(gan.parameters()[0].grad, null);
    gan.D.requiresGrad_(false);
    scope(() => gan.call(tensor([[1, 2]])).sum().backward());
    assert.ok(gan.D.parameters().every((p) => p.grad === null), "frozen D gets no grad");
    assert.ok(gan.G.parameters().every((p) => p.grad !== null), "G still gets grads");
  });

  test("toString shows the structure", () => {
    const s = String(new Sequential(new Linear(2, 3), new GELU()));
    assert.match(s, /\(0\): Linear\(in_features=2, out_features=3, bias=true\)/);
    assert.match(s, /\(1\): GELU\(\)/);
  });
});
