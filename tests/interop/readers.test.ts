// The interop readers on files real torch 1.13 / Lightning 1.9.5 wrote (../shared/interop).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { parseSafetensors, serializeSafetensors } from "../../ts/interop/safetensors.ts";
import { parseTorchFile, stateDictFromLoaded } from "../../ts/interop/torch_load.ts";
import { PyDict, PyObject, PyAttr } from "../../ts/interop/pickle_values.ts";
import { unpickle } from "../../ts/interop/pickle_reader.ts";
import { ZipReader, writeZip } from "../../ts/interop/zip.ts";
import { UnpicklingError, InteropFormatError } from "../../ts/interop/errors.ts";

const DIR = "../shared/interop";
const has = existsSync(`${DIR}/dtypes.safetensors`);
const read = (f: string) => new Uint8Array(readFileSync(`${DIR}/${f}`));

test("safetensors: F32, F16, BF16, F64 and I64 read as torch wrote them", { skip: !has }, () => {
  const expected = JSON.parse(readFileSync(`${DIR}/dtypes.expected.json`, "utf8"));
  const { tensors } = parseSafetensors(read("dtypes.safetensors"));
  for (const key of Object.keys(expected)) {
    const t = tensors[key];
    assert.ok(t, `tensor ${key}`);
    assert.deepEqual(Array.from(t.data), expected[key], key);
  }
  assert.deepEqual(tensors.f32.shape, [3, 5]);
  assert.deepEqual(tensors.i64.shape, [3, 4]);
  assert.ok(tensors.i64.data instanceof Int32Array);
});

test("torch.save file: the same dtypes through the restricted unpickler", { skip: !has }, () => {
  const expected = JSON.parse(readFileSync(`${DIR}/dtypes.expected.json`, "utf8"));
  const sd = stateDictFromLoaded(parseTorchFile(read("dtypes.pt")));
  for (const key of Object.keys(expected)) assert.deepEqual(Array.from(sd[key].data), expected[key], key);
});

test("weights.pt and weights.safetensors hold the same tensors", { skip: !has }, () => {
  for (const name of ["auto_gan_two_optimizers", "manual_plateau_sgd", "auto_sgd_cross_entropy_onecyclelr"]) {
    const a = stateDictFromLoaded(parseTorchFile(read(`${name}.weights.pt`)));
    const b = parseSafetensors(read(`${name}.weights.safetensors`)).tensors;
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
    for (const k of Object.keys(a)) {
      assert.deepEqual(a[k].shape, b[k].shape, k);
      assert.deepEqual(Array.from(a[k].data), Array.from(b[k].data), k);
    }
  }
});

test("Lightning .ckpt: state_dict, optimizer and scheduler states as plain data", { skip: !has }, () => {
  const ck = parseTorchFile(read("auto_sgd_cross_entropy_onecyclelr.epoch0.ckpt"));
  assert.ok(ck instanceof PyDict);
  const d = ck as PyDict;
  assert.equal(d.get("epoch"), 1); // Lightning saves the epoch count after the epoch ended
  assert.equal(typeof d.get("global_step"), "number");
  const sd = d.get("state_dict") as PyDict;
  assert.ok(sd instanceof PyDict);
  const scheds = d.get("lr_schedulers") as unknown[];
  assert.ok(Array.isArray(scheds) && scheds.length === 1);
  // OneCycleLR pickles its bound anneal_func: recorded, never evaluated
  const s = scheds[0] as PyDict;
  const fn = s.get("anneal_func");
  assert.ok(fn instanceof PyAttr);
  assert.equal((fn as PyAttr).name, "_annealing_cos");
  assert.ok((fn as PyAttr).obj instanceof PyObject);
});

// A minimal pickle: PROTO 2, GLOBAL os.system, STOP — must be refused by name.
test("a pickle naming any other global is refused with the global's name", () => {
  const enc = new TextEncoder();
  const bytes = new Uint8Array([0x80, 2, ...enc.encode("cos\nsystem\n"), 0x2e]);
  assert.throws(() => unpickle(bytes), (e: Error) => e instanceof UnpicklingError && /'os\.system'/.test(e.message));
  const inst = new Uint8Array([0x80, 2, 0x28, ...enc.encode("ibuiltins\neval\n"), 0x2e]);
  assert.throws(() => unpickle(inst), UnpicklingError);
});

test("zip: round trip and damage detection", () => {
  const data = new Uint8Array([1, 2, 3, 4, 5]);
  const z = writeZip([["a/data.pkl", data], ["a/data/0", new Uint8Array(9)]]);
  const r = new ZipReader(z);
  assert.deepEqual(Array.from(r.read("a/data.pkl")), [1, 2, 3, 4, 5]);
  const bad = z.slice();
  bad[r.entries.get("a/data.pkl")!.offset] ^= 0xff;
  assert.throws(() => new ZipReader(bad).read("a/data.pkl"), (e: Error) => e instanceof InteropFormatError && /CRC/.test(e.message));
  assert.throws(() => new ZipReader(z.subarray(0, z.length - 30)), InteropFormatError);
});

test("safetensors: round trip, and headers that lie are named errors", () => {
  const bytes = serializeSafetensors({ w: { dtype: "float32", shape: [2, 2], data: Float32Array.of(1, -2, 3.5, 0) } }, { note: "x" });
  const back = parseSafetensors(bytes);
  assert.deepEqual(Array.from(back.tensors.w.data), [1, -2, 3.5, 0]);
  assert.equal(back.metadata.note, "x");
  const big = bytes.slice();
  new DataView(big.buffer).setUint32(0, 1e9, true);
  assert.throws(() => parseSafetensors(big), /header/);
  assert.throws(() => parseSafetensors(bytes.subarray(0, bytes.length - 4)), /outside/);
  const proto = serializeSafetensors({ __proto__x: { dtype: "float32", shape: [1], data: Float32Array.of(1) } });
  assert.ok(parseSafetensors(proto).tensors.__proto__x);
});

test("torch.save writer: what fulgur writes, its restricted reader reads back exactly", async () => {
  const { serializeTorchFile } = await import("../../ts/interop/torch_save.ts");
  const { tuple, pyFloat } = await import("../../ts/interop/pickle_writer.ts");
  const w = { dtype: "float32" as const, shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6.5) };
  const sd = new Map<string, any>([["w", w], ["n", { dtype: "int64", shape: [2], data: Int32Array.of(-1, 7) }]]);
  const bytes = serializeTorchFile({ state_dict: sd, epoch: 3, lr: pyFloat(1), t: tuple(1, "a"), big: 2 ** 40, neg: -(2 ** 40), list: [1.5, null, true] });
  const back = parseTorchFile(bytes) as PyDict;
  const bsd = back.get("state_dict") as PyDict;
  assert.equal(bsd.kind, "OrderedDict");
  assert.deepEqual(Array.from((bsd.get("w") as any).data), Array.from(w.data));
  assert.deepEqual((bsd.get("w") as any).shape, [2, 3]);
  assert.deepEqual(Array.from((bsd.get("n") as any).data), [-1, 7]);
  assert.equal(back.get("epoch"), 3);
  assert.equal(back.get("lr"), 1);
  assert.deepEqual(back.get("t"), [1, "a"]);
  assert.equal(back.get("big"), 2 ** 40);
  assert.equal(back.get("neg"), -(2 ** 40));
  assert.deepEqual(back.get("list"), [1.5, null, true]);
});
