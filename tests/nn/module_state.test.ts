// Module state: buffers, torch's state_dict order and names, loadStateDict's reports and errors
// (all or nothing), train/eval, apply, containers.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { useBackend } from "../autograd/backends.ts";
import { tensor, scope, zeros, Tensor, Parameter } from "../../ts/autograd/index.ts";
import * as nn from "../../ts/nn/index.ts";

class Net extends nn.Module {
  conv = new nn.Conv2d(1, 2, 3);
  bn = new nn.BatchNorm2d(2);
  head = new nn.Sequential(new nn.Flatten(), new nn.Linear(8, 3), new nn.Dropout(0.3));
  constructor() {
    super();
    this.registerBuffer("scale", tensor([2]));
    this.registerBuffer("cache", tensor([1, 2, 3]), { persistent: false });
    this.registerBuffer("absent", null);
  }
  forward(x: Tensor): Tensor {
    return this.head.call(this.bn.call(this.conv.call(x))).mul((this as any).scale);
  }
}

const TORCH_KEYS = [
  "scale", "conv.weight", "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
  "bn.num_batches_tracked", "head.1.weight", "head.1.bias",
];

describe("nn.Module state", () => {
  before(async () => {
    await useBackend("fulgur-wasm");
  });

  test("state_dict: parameters, then persistent buffers, module by module (torch's keys)", () => {
    const net = new Net();
    assert.deepEqual(Object.keys(net.stateDict()), TORCH_KEYS);
    assert.deepEqual(net.namedBuffers().map(([n]) => n), ["scale", "cache", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]);
    assert.deepEqual(net.namedParameters({ recurse: false }), []);
    assert.deepEqual(net.bn.namedParameters({ recurse: false }).map(([n]) => n), ["weight", "bias"]);
    assert.equal(net.buffers().length, 5);
    assert.equal(net.bn.numBatchesTracked!.dtype, "int32", "torch's int64 counter is an int tensor");
    assert.deepEqual(net.namedModules().map(([n]) => n), ["", "conv", "bn", "head", "head.0", "head.1", "head.2"]);
    assert.equal(net.modules().length, 7);
  });

  test("a buffer assigned through its field is the one saved", () => {
    const net = new Net();
    (net as any).scale = tensor([5]);
    assert.deepEqual(Array.from(net.stateDict().scale), [5]);
  });

  test("loadStateDict round-trips parameters and buffers; int buffers come back as ints", () => {
    const a = new Net(), b = new Net();
    a.train();
    scope(() => a.call(zeros([2, 1, 4, 4]).add(tensor([[[[1, 2, 0, 1], [3, 1, 2, 0], [0, 0, 1, 5], [2, 2, 2, 1]]]]))));
    assert.equal(a.bn.numBatchesTracked!.item(), 1);
    assert.deepEqual(b.loadStateDict(a.stateDict()), { missingKeys: [], unexpectedKeys: [] });
    for (const [k, v] of Object.entries(a.stateDict())) assert.deepEqual(b.stateDict()[k], v, k);
    assert.equal(b.bn.numBatchesTracked!.dtype, "int32");
    assert.equal(b.bn.numBatchesTracked!.item(), 1);
  });

  test("missing and unexpected keys: torch's message, or the report with strict=false", () => {
    const net = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3));
    const sd = net.stateDict();
    delete (sd as any)["1.running_var"];
    (sd as any)["2.weight"] = new Float32Array(3);
    assert.throws(() => net.loadStateDict(sd), {
      message:
        'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "1.running_var". \n\t' +
        'Unexpected key(s) in state_dict: "2.weight". ',
    });
    const before = net.stateDict();
    (sd as any)["0.bias"] = new Float32Array([7, 8, 9]);
    assert.deepEqual(net.loadStateDict(sd, { strict: false }), { missingKeys: ["1.running_var"], unexpectedKeys: ["2.weight"] });
    assert.deepEqual(Array.from(net.stateDict()["0.bias"]), [7, 8, 9]);
    assert.deepEqual(net.stateDict()["1.running_var"], before["1.running_var"], "a missing key keeps its value");
  });

  test("a shape mismatch is an error even with strict=false, and nothing is loaded", () => {
    const net = new nn.Sequential(new nn.Linear(4, 3));
    const before = net.stateDict();
    const bad = { "0.weight": tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]]), "0.bias": tensor([1, 2, 3]) };
    const msg = "Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 0.weight: copying a param with shape [4, 3] " +
      "from checkpoint, the shape in current model is [3, 4].";
    assert.throws(() => net.loadStateDict(bad), { message: msg });
    assert.throws(() => net.loadStateDict(bad, { strict: false }), { message: msg });
    assert.deepEqual(net.stateDict(), before, "all or nothing: the bias was not loaded either");
    // nested arrays carry a shape too; flat data only needs the right count
    assert.throws(() => net.loadStateDict({ ...before, "0.weight": [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]] }), /copying a param with shape \[4, 3\]/);
    assert.throws(() => net.loadStateDict({ ...before, "0.bias": [1, 2] }), /size mismatch for 0.bias: copying a param with shape \[2\] from checkpoint, the shape in current model is \[3\]/);
    net.loadStateDict({ ...before, "0.weight": Array.from({ length: 12 }, (_, i) => i) });
    assert.deepEqual(Array.from(net.stateDict()["0.weight"]), Array.from({ length: 12 }, (_, i) => i));
  });

  test("train / eval reach every submodule; apply visits children first", () => {
    const net = new Net();
    net.eval();
    assert.ok(net.modules().every((m) => !m.training));
    net.train();
    assert.ok(net.modules().every((m) => m.training));
    net.head.train(false);
    assert.deepEqual(net.modules().map((m) => m.training), [true, true, true, false, false, false, false]);
    const seen: string[] = [];
    net.apply((m) => seen.push(m.constructor.name));
    assert.deepEqual(seen, ["Conv2d", "BatchNorm2d", "Flatten", "Linear", "Dropout", "Sequential", "Net"]);
    net.requiresGrad_(false);
    assert.ok(net.parameters().every((p) => !p.requiresGrad));
  });

  test("ModuleList and ModuleDict name their modules as torch does", () => {
    class Holder extends nn.Module {
      layers = new nn.ModuleList([new nn.Linear(2, 2), new nn.LayerNorm(2)]);
      heads = new nn.ModuleDict({ a: new nn.Linear(2, 1, false), b: new nn.Embedding(3, 2) });
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const h = new Holder();
    h.layers.append(new nn.Identity());
    h.layers.insert(0, new nn.BatchNorm1d(2));
    assert.deepEqual(Object.keys(h.stateDict()), [
      "layers.0.weight", "layers.0.bias", "layers.0.running_mean", "layers.0.running_var", "layers.0.num_batches_tracked",
      "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias", "heads.a.weight", "heads.b.weight",
    ]);
    assert.equal(h.layers.length, 4);
    assert.ok(h.layers.at(-1) instanceof nn.Identity);
    assert.deepEqual(h.heads.keys(), ["a", "b"]);
    assert.throws(() => h.heads.get("c"), /'c'/);
    assert.throws(() => h.layers.at(4), /index 4 is out of range/);
  });

  test("registerBuffer / registerParameter refuse bad names and values", () => {
    const m = new nn.Identity();
    assert.throws(() => m.registerBuffer("a.b", tensor([1])), /can't contain "."/);
    assert.throws(() => m.registerBuffer("x", [1] as any), /cannot assign 'Array' object to buffer 'x'/);
    assert.throws(() => m.registerParameter("w", tensor([1]) as any), /torch.nn.Parameter or None required/);
    m.registerParameter("w", new Parameter(tensor([1]).value));
    assert.deepEqual(m.namedParameters().map(([n]) => n), ["w"]);
  });
});

test("Sequential.append / extend continue torch's numbering", async () => {
  await useBackend("fulgur-wasm");
  const s = new nn.Sequential(new nn.Linear(2, 3));
  s.append(new nn.ReLU()).extend([new nn.Linear(3, 1), new nn.BatchNorm1d(1)]);
  assert.equal(s.length, 4);
  assert.deepEqual(Object.keys(s.stateDict()), [
    "0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias", "3.running_mean", "3.running_var", "3.num_batches_tracked",
  ]);
  assert.deepEqual([...s].map((m) => m.constructor.name), ["Linear", "ReLU", "Linear", "BatchNorm1d"]);
});

test("train(mode) reaches children through their own train(), so an override is honoured (torch's recursion)", async () => {
  await useBackend("fulgur-wasm");
  class FrozenBn extends nn.BatchNorm1d {
    override train(_mode = true): this {
      return super.train(false); // a common torch pattern: keep BatchNorm statistics frozen
    }
  }
  const s = new nn.Sequential(new nn.Linear(2, 2), new FrozenBn(2));
  s.train();
  assert.deepEqual(s.modules().map((m) => m.training), [true, true, false]);
  s.eval();
  assert.deepEqual(s.modules().map((m) => m.training), [false, false, false]);
});

test("a buffer may be registered under a declared TS field; an attribute in use may not", async () => {
  await useBackend("fulgur-wasm");
  class Scaled extends nn.Module {
    scale!: Tensor; // declared for typing: defined as undefined before the constructor body runs
    lin = new nn.Linear(2, 2);
    constructor() {
      super();
      this.registerBuffer("scale", tensor([3], undefined, { dtype: "float32" }));
    }
    forward(x: Tensor): Tensor {
      return this.lin.call(x).mul(this.scale);
    }
  }
  const m = new Scaled();
  assert.deepEqual(Object.keys(m.stateDict()), ["scale", "lin.weight", "lin.bias"]);
  m.scale = tensor([4], undefined, { dtype: "float32" });
  assert.deepEqual(Array.from(m.stateDict().scale), [4]);
  assert.throws(() => m.registerBuffer("lin", tensor([1])), { name: "KeyError", message: "attribute 'lin' already exists" });
});
