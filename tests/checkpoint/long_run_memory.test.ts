// A 10 000-step run on the WASM backend keeps its live tensor count and its WASM memory flat
// after warm-up (callbacks, logging and checkpoint bookkeeping included).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { liveTensorCount } from "../../ts/autograd/index.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";
import { Callback, DataLoader, EarlyStopping, MemoryCheckpointIO, ModelCheckpoint, Trainer } from "../../ts/index.ts";
import { ResumeModel, resumeData } from "./resume_model.ts";

before(async () => { await init(); });

const STEPS = 10_000;
const WARMUP = 1_000;

class Probe extends Callback {
  atWarmup: { tensors: number; bytes: number } | null = null;
  maxTensorsAfterWarmup = 0;
  epochStarts = 0;
  // measured at epoch starts: mid-epoch counts vary with the fetcher's look-ahead batch
  override onTrainEpochStart(trainer: Trainer): void {
    if (trainer.globalStep < WARMUP) return;
    this.epochStarts++;
    if (this.atWarmup === null) this.atWarmup = { tensors: liveTensorCount(), bytes: fulgurWasm().memory.buffer.byteLength };
    this.maxTensorsAfterWarmup = Math.max(this.maxTensorsAfterWarmup, liveTensorCount());
  }
}

test(`${STEPS} training steps keep live tensors and WASM memory flat`, { timeout: 120_000 }, async () => {
  const probe = new Probe();
  const io = new MemoryCheckpointIO();
  const model = new ResumeModel("adam_plateau");
  const trainer = new Trainer({
    maxSteps: STEPS, maxEpochs: -1, enableProgressBar: false, checkpointIO: io,
    callbacks: [probe, new ModelCheckpoint({ dirpath: "ck", everyNTrainSteps: 2500 }), new EarlyStopping({ monitor: "loss", patience: 1_000_000 })],
  });
  const started = performance.now();
  await trainer.fit(model, new DataLoader(resumeData(), { batchSize: 2, shuffle: true }));
  const seconds = (performance.now() - started) / 1000;
  assert.equal(trainer.globalStep, STEPS);
  assert.ok(probe.atWarmup);
  assert.ok(probe.maxTensorsAfterWarmup <= probe.atWarmup.tensors, `live tensors grew from ${probe.atWarmup.tensors} to ${probe.maxTensorsAfterWarmup}`);
  assert.ok(probe.epochStarts > 1000);
  assert.equal(fulgurWasm().memory.buffer.byteLength, probe.atWarmup.bytes, "WASM memory grew after warm-up");
  assert.ok(seconds < 60, `${STEPS} steps took ${seconds.toFixed(1)} s`);
});
