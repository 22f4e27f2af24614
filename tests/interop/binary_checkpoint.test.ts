// fulgur's binary checkpoint (saveCheckpoint(path, { format: "binary" })): a safetensors file
// whose blocks are the float32 arrays (weights under their names and shapes, optimizer buffers,
// gradients) and whose metadata holds the trainer state. A run resumed from it ends bit-identical
// to an uninterrupted run, like the JSON format; the JSON format keeps loading; damage is named.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Callback, MemoryCheckpointIO, Trainer, parseSafetensors } from "../../ts/index.ts";
import { accumulationFor, paramHash, resumeLoader, ResumeModel, type Setup } from "../checkpoint/resume_model.ts";
import { parseCheckpointBytes } from "../../ts/trainer/checkpoint/checkpoint_file.ts";
import { serializeBinaryCheckpoint } from "../../ts/trainer/checkpoint/binary_format.ts";
import { parseCheckpoint } from "../../ts/trainer/checkpoint/format.ts";

before(async () => { await init(); });

class SaveAt extends Callback {
  private seen = 0;
  constructor(private readonly at: number, private readonly path: string, private readonly format: "json" | "binary") { super(); }
  override onTrainBatchEnd(trainer: Trainer): void {
    if (++this.seen === this.at) void trainer.saveCheckpoint(this.path, { format: this.format });
  }
}

async function run(setup: Setup, io: MemoryCheckpointIO, opts: { saveAt?: number; resume?: boolean; format?: "json" | "binary" } = {}): Promise<string> {
  const model = new ResumeModel(setup);
  const callbacks = opts.saveAt ? [new SaveAt(opts.saveAt, "ck/mid.ckpt", opts.format ?? "binary")] : [];
  const trainer = new Trainer({ maxEpochs: 3, accumulateGradBatches: accumulationFor(setup), checkpointIO: io, callbacks, enableProgressBar: false });
  await trainer.fit(model, resumeLoader(), null, { ckptPath: opts.resume ? "ck/mid.ckpt" : null });
  return paramHash(model);
}

for (const setup of ["sgd_onecycle", "adam_plateau", "lbfgs", "manual_adam_steplr"] as Setup[]) {
  test(`${setup}: binary checkpoint mid-run, resumed = uninterrupted (bit-identical)`, async () => {
    const io = new MemoryCheckpointIO();
    const full = await run(setup, io);
    assert.equal(await run(setup, io, { saveAt: 4 }), full);
    assert.ok(io.binaryFiles.has("ck/mid.ckpt"), "written through writeBytes");
    assert.equal(await run(setup, io, { resume: true }), full);
  });
}

test("the binary file is safetensors: weights by name and shape, the trainer state in its metadata", async () => {
  const io = new MemoryCheckpointIO();
  await run("adam_plateau", io, { saveAt: 4 });
  const bytes = io.binaryFiles.get("ck/mid.ckpt")!;
  const st = parseSafetensors(bytes);
  assert.equal(st.metadata.format, "fulgur-checkpoint");
  const ckpt = parseCheckpointBytes(bytes, "mid.ckpt");
  for (const [name, w] of Object.entries(ckpt.stateDict)) {
    assert.deepEqual(Array.from(st.tensors[name].data), Array.from(w), name);
    assert.deepEqual(st.tensors[name].shape, (w as any).shape);
  }
  assert.deepEqual(st.tensors["net.0.weight"].shape, [3, 2]);
  // Adam's buffers are blocks, not JSON numbers
  assert.ok(Object.keys(st.tensors).some((k) => k.startsWith("__fulgur__/")));
  assert.ok(!st.metadata.fulgur.includes("expAvgSq\":["));
  const os = ckpt.optimizerStates[0] as any;
  assert.ok(os.state["0"].expAvg instanceof Float32Array);
  // the JSON format of the same point holds the same state
  const io2 = new MemoryCheckpointIO();
  await run("adam_plateau", io2, { saveAt: 4, format: "json" });
  const j = parseCheckpoint(io2.files.get("ck/mid.ckpt")!, "mid.json");
  assert.deepEqual(Array.from(j.stateDict["net.0.weight"]), Array.from(ckpt.stateDict["net.0.weight"]));
  assert.deepEqual((j.optimizerStates[0] as any).state["0"].expAvg, Array.from(os.state["0"].expAvg));
});

test("binary checkpoints: damage is a named CheckpointFormatError", () => {
  const ckpt = {
    format: "fulgur-checkpoint", formatVersion: 1, fulgurVersion: "0.1.0", epoch: 0, globalStep: 0,
    stateDict: { w: new Float32Array(32).fill(0.5) }, optimizerStates: [], lrSchedulers: [], loops: null, callbacks: {}, hyperParameters: {},
  };
  const good = serializeBinaryCheckpoint(ckpt);
  assert.deepEqual(Array.from(parseCheckpointBytes(good, "g").stateDict.w), Array.from(ckpt.stateDict.w));
  const isNamed = (re: RegExp) => (e: any) => e.name === "CheckpointFormatError" && re.test(e.message);
  assert.throws(() => parseCheckpointBytes(good.slice(0, good.length - 8), "cut.ckpt"), isNamed(/cut\.ckpt is not a readable fulgur checkpoint: .*lie outside/));
  const claims = good.slice();
  new DataView(claims.buffer).setUint32(0, 0x7fffff, true);
  assert.throws(() => parseCheckpointBytes(claims, "big.ckpt"), isNamed(/big\.ckpt/));
  const plain = parseSafetensors(good);
  assert.equal(Object.keys(plain.tensors).length, 1);
});
