// Export round trip: fulgur → safetensors → torch (load_state_dict into the same module,
// re-saved; fixtures/gen_roundtrip.py, run offline) → fulgur, bit for bit.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { init, loadSafetensors, parseSafetensors, serializeSafetensors, Sequential, Linear, BatchNorm1d } from "../../ts/index.node.ts";
import { roundtripModel } from "./fixtures/roundtrip_model.ts";

const FIX = "tests/interop/fixtures";
before(async () => { await init(); });

const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

test("fulgur's safetensors of the round-trip module is the committed file, byte for byte", () => {
  const fresh = serializeSafetensors(roundtripModel(), { written_by: "fulgur" });
  assert.deepEqual(Array.from(fresh), Array.from(new Uint8Array(readFileSync(`${FIX}/roundtrip.fulgur.safetensors`))));
});

test("what torch loaded from it and saved again loads back into fulgur bit-exactly", async () => {
  const want = roundtripModel().stateDictTensors();
  const back = await loadSafetensors(`${FIX}/roundtrip.torch.safetensors`);
  assert.deepEqual(Object.keys(back.tensors), Object.keys(want)); // torch's state_dict order
  for (const [k, t] of Object.entries(want)) {
    assert.deepEqual(back.tensors[k].shape, t.shape, k);
    assert.deepEqual(bits(back.tensors[k].data), bits(t.data), k);
  }
  assert.equal(back.tensors["1.num_batches_tracked"].dtype, "int64");
  // and into a freshly initialised module of the same layout: every value as fulgur first wrote it
  const target = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 2));
  target.loadStateDict(parseSafetensors(new Uint8Array(readFileSync(`${FIX}/roundtrip.torch.safetensors`))).tensors);
  for (const [k, t] of Object.entries(target.stateDictTensors())) assert.deepEqual(bits(t.data), bits(want[k].data), k);
});
