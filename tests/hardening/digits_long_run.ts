// A long run of the digits MLP (examples/train_digits.ts: 64-64-10 with GELU, Adam, OneCycleLR
// stepped every batch, gradient clipping, a validation split, logged metrics) that measures
// what a leak would grow: live tensors and WASM memory, read at every epoch start after a
// warm-up (mid-epoch counts vary with the fetcher's look-ahead batch). Shared by
// tests/hardening/long_run_memory.test.ts (CI size) and bench/cases/memory_long_run.ts (10,000 steps).
import {
  Adam, Callback, DataLoader, GELU, LightningModule, Linear, OneCycleLR, Sequential, Trainer, crossEntropy, liveTensorCount, noGrad, type Tensor,
} from "../../ts/index.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";
import { loadDigits } from "../../examples/data/digits.ts";

type Batch = { x: Tensor; y: Tensor };
const BATCH = 64;

class DigitsMlp extends LightningModule<Batch> {
  net = new Sequential(new Linear(64, 64), new GELU(), new Linear(64, 10));
  constructor(private readonly totalSteps: number) { super(); }
  forward(x: Tensor): Tensor { return this.net.call(x); }
  trainingStep(batch: Batch): Tensor {
    const loss = crossEntropy(this.forward(batch.x), batch.y);
    this.log("train_loss", loss, { progBar: true });
    return loss;
  }
  validationStep(batch: Batch): void {
    const logits = this.forward(batch.x);
    this.log("val_loss", crossEntropy(logits, batch.y));
    this.log("val_acc", noGrad(() => logits.argmax(1).eq(batch.y).float().mean()));
  }
  configureOptimizers() {
    const optimizer = new Adam(this.parameters(), { lr: 0.01 });
    const scheduler = new OneCycleLR(optimizer, { maxLr: 0.01, totalSteps: this.totalSteps });
    return { optimizer, lrScheduler: { scheduler, interval: "step" as const } };
  }
}

/** One reading: live tensors (tfjs's count: every fulgur tensor's data) and WASM memory bytes. */
export interface MemoryReading { step: number; tensors: number; wasmBytes: number }

class Probe extends Callback {
  readings: MemoryReading[] = [];
  constructor(private readonly warmup: number) { super(); }
  override onTrainEpochStart(trainer: Trainer): void {
    if (trainer.globalStep < this.warmup) return;
    this.readings.push({ step: trainer.globalStep, tensors: liveTensorCount(), wasmBytes: fulgurWasm().memory.buffer.byteLength });
  }
}

export interface LongRunResult {
  steps: number;
  epochs: number;
  /** The first reading after warm-up and the largest ones after it. */
  atWarmup: MemoryReading;
  maxTensors: number;
  minTensors: number;
  maxWasmBytes: number;
  readings: number;
  /** Live tensors before the model was made, and once trainer and model are disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
  valAcc: number;
  /** CPU milliseconds per step (process.cpuUsage where the runtime has it, else wall time). */
  msPerStep: number;
  cpuMeasured: boolean;
}

/** Trains `steps` steps (after `warmup` the readings start) and returns the memory figures. */
export async function digitsLongRun(steps: number, warmup: number): Promise<LongRunResult> {
  const { train, valid } = loadDigits();
  const tensorsBefore = liveTensorCount();
  const model = new DigitsMlp(steps);
  const probe = new Probe(warmup);
  const trainer = new Trainer({
    maxSteps: steps, maxEpochs: -1, gradientClipVal: 1, logger: false, enableCheckpointing: false,
    enableProgressBar: false, enableModelSummary: false, callbacks: [probe],
  });
  const proc = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  const cpu = typeof proc?.cpuUsage === "function" ? () => { const u = proc.cpuUsage!(); return (u.user + u.system) / 1000; } : null;
  const t0 = cpu ? cpu() : performance.now();
  await trainer.fit(model, new DataLoader(train, { batchSize: BATCH, shuffle: true }), new DataLoader(valid, { batchSize: BATCH }));
  const elapsed = (cpu ? cpu() : performance.now()) - t0;
  const r = probe.readings;
  if (r.length === 0) throw new Error(`no reading after a warm-up of ${warmup} steps in ${steps}`);
  const valAcc = Number(trainer.callbackMetrics.val_acc);
  const done = { steps: trainer.globalStep, epochs: trainer.currentEpoch };
  trainer.dispose();
  model.dispose();
  return {
    ...done, atWarmup: r[0],
    maxTensors: Math.max(...r.map((x) => x.tensors)), minTensors: Math.min(...r.map((x) => x.tensors)),
    maxWasmBytes: Math.max(...r.map((x) => x.wasmBytes)), readings: r.length,
    tensorsBefore, tensorsAfter: liveTensorCount(), valAcc, msPerStep: elapsed / steps, cpuMeasured: cpu !== null,
  };
}
