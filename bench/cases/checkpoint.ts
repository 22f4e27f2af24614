// Case 8: checkpoints of a 10M-parameter model with Adam, binary (safetensors blocks + JSON
// trainer state) beside the JSON text format: file size per parameter, save (dump + serialise +
// atomic write with fsync) and load (read + parse + validate; then applying it to the module and
// the optimizer) in MB/s of file. `node bench/run.mjs checkpoint`.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initFulgur } from "../lib/fulgur_init.ts";
import { emit } from "../lib/emit.ts";
import { Linear, ReLU, Sequential } from "../../ts/nn/index.ts";
import { Adam } from "../../ts/optim/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { DataLoader, LightningModule, Trainer } from "../../ts/trainer/index.ts";

await initFulgur();

class Big extends LightningModule {
  // 1000·5000 + 5000 + 5000·1000 + 1000 = 10,006,000 parameters
  net = new Sequential(new Linear(1000, 5000), new ReLU(), new Linear(5000, 1000));
  forward(x: any): any { return this.net.call(x); }
  trainingStep(b: any): any { return mseLoss(this.forward(b.x), b.y); }
  configureOptimizers(): any { return new Adam(this.parameters(), { lr: 1e-4 }); }
}

const rows = Array.from({ length: 2 }, (_, i) => ({
  x: Array.from({ length: 1000 }, (_, j) => ((i * 31 + j * 7) % 97) / 97 - 0.5),
  y: Array.from({ length: 1000 }, (_, j) => ((i * 13 + j * 3) % 89) / 89 - 0.5),
}));
const model = new Big();
const params = model.parameters().reduce((s, p) => s + p.size, 0);
const trainer = new Trainer({ maxEpochs: 1, enableProgressBar: false, enableCheckpointing: false, logger: false, numSanityValSteps: 0 });
await trainer.fit(model, new DataLoader(rows, { batchSize: 2 }));
const opt = trainer.optimizers[0] as Adam;
const dir = mkdtempSync(join(tmpdir(), "fulgur-ckpt-bench-"));

const time = async (f: () => Promise<unknown>, reps: number): Promise<number> => {
  await f(); // warm
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1e3;
};

const result: Record<string, unknown> = { params };
try {
  for (const [format, reps] of [["binary", 3], ["json", 1]] as const) {
    const path = join(dir, `m.${format}.ckpt`);
    const saveS = await time(() => trainer.saveCheckpoint(path, { format }), reps);
    const bytes = statSync(path).size;
    const loadS = await time(() => trainer.readCheckpoint(path), reps);
    const ckpt = await trainer.readCheckpoint(path);
    const applyS = await time(async () => { model.loadStateDict(ckpt.stateDict); opt.loadStateDict(ckpt.optimizerStates[0] as any); }, reps);
    const mb = bytes / 1e6;
    result[format] = {
      bytes, bytesPerParam: bytes / params, saveS, loadS, applyS,
      saveMBps: mb / saveS, loadMBps: mb / loadS, loadApplyMBps: mb / (loadS + applyS),
    };
    console.error(`${format}: ${(bytes / params).toFixed(2)} B/param, save ${(mb / saveS).toFixed(0)} MB/s, load ${(mb / loadS).toFixed(0)} MB/s, load+apply ${(mb / (loadS + applyS)).toFixed(0)} MB/s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
emit(result);
