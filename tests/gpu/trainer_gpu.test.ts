// The Trainer on webgpu without synchronous reads: this.log tensors become numbers by
// onTrainBatchEnd, an async hook is awaited (it may `await data()`), and a non-finite loss is
// reported at the end of its batch (webgpu reads the loss only there).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Linear } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { SGD } from "../../ts/optim/index.ts";
import { DataLoader, FulgurError, LightningModule, Trainer, setWarningSink } from "../../ts/index.ts";
import { setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;
setWarningSink(() => {});

class Reg extends LightningModule {
  net = new Linear(2, 1);
  seen: Array<{ loss: unknown; weight: number }> = [];
  constructor(private readonly scale = 1) { super(); }
  forward(x: any): any { return this.net.call(x); }
  trainingStep(batch: any): any {
    const loss = mseLoss(this.forward(batch.x), batch.y).mul(this.scale);
    this.log("loss", loss);
    return loss;
  }
  configureOptimizers(): any { return new SGD(this.parameters(), { lr: 0.1 }); }
  async onTrainBatchEnd(): Promise<void> {
    const loss = this.trainer!.callbackMetrics.loss;
    const w = (await this.net.parameters()[0].value.data())[0];
    this.seen.push({ loss, weight: w });
  }
}

const data = () => new DataLoader({ x: [[1, 2], [3, 4], [5, 6], [7, 8]], y: [[1], [2], [3], [4]] }, { batchSize: 2 });

test("fit on webgpu: logged tensors are numbers at onTrainBatchEnd, async hooks are awaited", { skip }, async () => {
  const m = new Reg();
  await new Trainer({ maxEpochs: 2, accelerator: "webgpu", enableProgressBar: false }).fit(m, data());
  assert.equal(m.seen.length, 4);
  for (const s of m.seen) {
    assert.equal(typeof s.loss, "number");
    assert.ok(Number.isFinite(s.loss as number) && Number.isFinite(s.weight));
  }
});

test("fit on webgpu: a non-finite loss fails at the end of its batch, naming it", { skip }, async () => {
  const m = new Reg(Infinity);
  await assert.rejects(
    new Trainer({ maxEpochs: 1, accelerator: "webgpu", enableProgressBar: false }).fit(m, data()),
    (e: Error) => e instanceof FulgurError && /The loss returned by `trainingStep` is (Infinity|NaN) \(epoch 0, batch 0, optimizer 0\)\. Training stopped at the end of the batch/.test(e.message),
  );
  assert.equal(m.seen.length, 0, "onTrainBatchEnd must not run after the failed batch");
});
