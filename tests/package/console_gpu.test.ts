// The progress bar on webgpu: `loss=` comes from the batch's one deferred, batched read (Node's
// WebGPU has no synchronous read at all, so a sync read of the loss would throw here) and equals
// the mean of the last 20 losses the module saw. Node only, skipped without a WebGPU adapter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Linear } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { SGD } from "../../ts/optim/index.ts";
import { DataLoader, LightningModule, ProgressBar, Trainer, setWarningSink, type Tensor } from "../../ts/index.ts";
import { pyFormatG } from "../../ts/trainer/callbacks/tqdm_format.ts";
import { setupGpu } from "../gpu/gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
setWarningSink(() => {});

class Reg extends LightningModule<{ x: Tensor; y: Tensor }> {
  net = new Linear(2, 1);
  losses: number[] = [];
  override trainingStep(batch: { x: Tensor; y: Tensor }): Tensor {
    const loss = mseLoss(this.net.call(batch.x), batch.y);
    this.log("l", loss);
    this.log("acc", 0.75, { progBar: true });
    return loss;
  }
  override configureOptimizers() { return new SGD(this.parameters(), { lr: 0.01 }); }
  override onTrainBatchEnd(): void {
    this.losses.push(this.trainer!.callbackMetrics.l as number);
  }
}

test("webgpu: the bar's loss= is read with the batch's deferred scalars, the mean of the last 20", { skip, timeout: 240_000 }, async () => {
  const lines: string[] = [];
  const bar = new ProgressBar({ write: (t) => { if (!t.endsWith("\n")) lines.push(t.trim()); } });
  const x = Array.from({ length: 12 }, (_, i) => [i / 12, 1 - i / 12]);
  const m = new Reg();
  await new Trainer({ maxEpochs: 2, accelerator: "webgpu", enableCheckpointing: false, logger: false, enableModelSummary: false, callbacks: [bar] })
    .fit(m, new DataLoader({ x, y: x.map(([a, b]) => [a - b]) }, { batchSize: 1 }));
  assert.equal(lines.length, 24);
  assert.equal(m.losses.length, 24);
  lines.forEach((line, i) => {
    const seen = m.losses.slice(Math.max(0, i + 1 - 20), i + 1);
    const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
    assert.match(line, new RegExp(`, loss=${pyFormatG(mean).replace(/[.+]/g, "\\$&")}, acc=0\\.750\\]$`), `batch ${i}`);
  });
});
