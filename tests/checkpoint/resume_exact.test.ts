// A run saved mid-epoch (mid accumulation window, mid scheduler cycle) and resumed in a fresh
// model + trainer ends with parameters bit-identical to an uninterrupted run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Callback, MemoryCheckpointIO, Trainer, parseCheckpoint } from "../../ts/index.ts";
import { accumulationFor, paramHash, resumeLoader, ResumeModel, type Setup } from "./resume_model.ts";

before(async () => { await init(); });

/** Saves once, after the given global batch number (counted across epochs). */
class SaveAt extends Callback {
  private seen = 0;
  constructor(private readonly at: number, private readonly path: string) { super(); }
  override onTrainBatchEnd(trainer: Trainer): void {
    if (++this.seen === this.at) void trainer.saveCheckpoint(this.path);
  }
}

async function run(setup: Setup, opts: { saveAt?: number; resume?: boolean; io: MemoryCheckpointIO }): Promise<string> {
  const model = new ResumeModel(setup);
  const callbacks = opts.saveAt ? [new SaveAt(opts.saveAt, "ck/mid.ckpt")] : [];
  const trainer = new Trainer({
    maxEpochs: 3, accumulateGradBatches: accumulationFor(setup), checkpointIO: opts.io, callbacks, enableProgressBar: false,
  });
  await trainer.fit(model, resumeLoader(), null, { ckptPath: opts.resume ? "ck/mid.ckpt" : null });
  return paramHash(model);
}

for (const setup of ["sgd_onecycle", "adam_plateau", "lbfgs", "manual_adam_steplr"] as Setup[]) {
  for (const saveAt of [2, 4, 6]) {
    test(`${setup}: saved after batch ${saveAt} and resumed = uninterrupted (bit-identical)`, async () => {
      const io = new MemoryCheckpointIO();
      const full = await run(setup, { io });
      const withSave = await run(setup, { io, saveAt });
      assert.equal(withSave, full, "saving must not change the run");
      const resumed = await run(setup, { io, resume: true });
      assert.equal(resumed, full);
    });
  }
}

test("the checkpoint holds Lightning's content and exact float32 bits", async () => {
  const io = new MemoryCheckpointIO();
  await run("sgd_onecycle", { io, saveAt: 2 });
  const ckpt = parseCheckpoint(await io.read("ck/mid.ckpt"), "mid.ckpt");
  assert.equal(ckpt.format, "fulgur-checkpoint");
  assert.equal(ckpt.formatVersion, 1);
  assert.deepEqual(Object.keys(ckpt.stateDict), ["net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias"]);
  assert.ok(ckpt.stateDict["net.0.weight"] instanceof Float32Array);
  assert.equal(ckpt.optimizerStates.length, 1);
  assert.equal(ckpt.lrSchedulers.length, 1);
  assert.deepEqual(ckpt.hyperParameters, { setup: "sgd_onecycle", hidden: 3 });
  const loops = ckpt.loops as any;
  assert.equal(loops.fitLoop.midEpoch, true);
  assert.equal(loops.fitLoop.epochLoop.currentReady, 2);
  // batch 2 of a 3-batch accumulation window: gradients are in flight and saved
  assert.ok(loops.grads["net.0.weight"] instanceof Float32Array);
});
