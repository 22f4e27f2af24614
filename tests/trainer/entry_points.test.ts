// trainer.validate / test / predict and LightningDataModule as Lightning 1.9.5 has them: hook
// order, eval mode without gradients, test metrics reduced over the epoch (weighted by batch
// size), predictions per batch, loaders from the datamodule or the module's *Dataloader hooks,
// the datamodule's state in checkpoints, and Lightning's errors.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { isGradEnabled, noGrad, tensor } from "../../ts/autograd/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { DataLoader, LightningDataModule, MemoryCheckpointIO, Trainer } from "../../ts/index.ts";
import { Regressor, regressionData } from "./simple_model.ts";

before(async () => { await init(); });

const loader = (n: number, batchSize = 4) => new DataLoader(regressionData(n), { batchSize });
const quiet = { enableProgressBar: false, numSanityValSteps: 0 } as const;

class Tested extends Regressor {
  seen: Array<{ training: boolean; grad: boolean }> = [];
  /** Takes a tensor or a whole batch (Lightning's default predictStep calls the model on the batch). */
  override forward(b: any): any { return this.net.call(b?.x ?? b); }
  testStep(batch: any): any {
    this.seen.push({ training: this.training, grad: isGradEnabled() });
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("test_loss", loss);
    return loss;
  }
}

class Data extends LightningDataModule {
  calls: string[] = [];
  counter = 0;
  override prepareData(): void { this.calls.push("prepareData"); }
  override setup(stage: string): void { this.calls.push(`setup:${stage}`); }
  override teardown(stage: string): void { this.calls.push(`teardown:${stage}`); }
  trainDataloader(): unknown { this.calls.push("trainDataloader"); return loader(8); }
  valDataloader(): unknown { this.calls.push("valDataloader"); return loader(6, 3); }
  testDataloader(): unknown { this.calls.push("testDataloader"); return loader(10, 4); }
  predictDataloader(): unknown { this.calls.push("predictDataloader"); return loader(5, 2); }
  override stateDict(): Record<string, unknown> { return { counter: this.counter }; }
  override loadStateDict(s: Record<string, unknown>): void { this.counter = s.counter as number; }
}

test("test(): eval mode, no grad, test_loss = the epoch mean weighted by batch size, train mode after", async () => {
  const m = new Tested();
  const [metrics] = await new Trainer(quiet).test(m, loader(10, 4));
  assert.deepEqual(m.seen.map((s) => [s.training, s.grad]), [[false, false], [false, false], [false, false]]);
  assert.equal(m.training, true);
  const { x, y } = regressionData(10);
  // the three batches have 4, 4 and 2 rows: their losses weighted by size = the loss over all 10 rows
  assert.ok(typeof metrics!.test_loss === "number");
  const all = noGrad(() => mseLoss(m.forward(tensor(x)), tensor(y)).item());
  assert.ok(Math.abs(metrics!.test_loss! - all) < 1e-6, `${metrics!.test_loss} vs ${all}`);
});

test("predict(): one output per batch from forward (or predictStep), no gradients", async () => {
  const m = new Tested();
  const preds = (await new Trainer(quiet).predict(m, loader(5, 2))) as any[];
  assert.deepEqual(preds.map((p) => p.shape), [[2, 1], [2, 1], [1, 1]]);
  assert.equal(preds[0].requiresGrad, false);
  m.predictStep = (batch: any) => batch.y;
  const ys = (await new Trainer(quiet).predict(m, loader(5, 2))) as any[];
  assert.deepEqual(ys.map((p) => p.shape), [[2, 1], [2, 1], [1, 1]]);
});

test("a LightningDataModule drives fit / validate / test / predict in Lightning's hook order", async () => {
  const dm = new Data();
  const m = new Tested();
  const t = new Trainer({ maxEpochs: 1, ...quiet });
  await t.fit(m, dm);
  assert.deepEqual(dm.calls, ["prepareData", "setup:fit", "trainDataloader", "valDataloader", "teardown:fit"]);
  assert.equal(t.datamodule, dm);
  assert.ok("val_loss" in t.callbackMetrics);
  dm.calls = [];
  await t.validate(m, null, { datamodule: dm });
  await t.test(m, dm);
  assert.ok("test_loss" in t.callbackMetrics);
  const preds = await t.predict(m, null, { datamodule: dm });
  assert.equal(preds!.length, 3);
  assert.deepEqual(dm.calls, [
    "prepareData", "setup:validate", "valDataloader", "teardown:validate",
    "prepareData", "setup:test", "testDataloader", "teardown:test",
    "prepareData", "setup:predict", "predictDataloader", "teardown:predict",
  ]);
});

test("the module's *Dataloader hooks are used when nothing is passed", async () => {
  const m = new Tested();
  (m as any).trainDataloader = () => loader(8);
  (m as any).testDataloader = () => loader(4);
  const t = new Trainer({ maxEpochs: 1, ...quiet });
  await t.fit(m);
  const [metrics] = await t.test(m);
  assert.ok("test_loss" in metrics!);
});

test("the datamodule's state is saved in checkpoints and handed back on resume", async () => {
  const io = new MemoryCheckpointIO();
  const dm = new Data();
  dm.counter = 7;
  const t = new Trainer({ maxEpochs: 1, ...quiet, checkpointIO: io });
  await t.fit(new Tested(), dm);
  await t.saveCheckpoint("dm.ckpt");
  assert.deepEqual(JSON.parse(await io.read("dm.ckpt")).Data, { counter: 7 });
  const dm2 = new Data();
  await new Trainer({ maxEpochs: 2, ...quiet, checkpointIO: io }).fit(new Tested(), dm2, null, { ckptPath: "dm.ckpt" });
  assert.equal(dm2.counter, 7);
});

test("Lightning's errors: no testStep, loaders and a datamodule together, no loader at all", async () => {
  const t = new Trainer({ maxEpochs: 1, ...quiet });
  await assert.rejects(t.test(new Regressor(), loader(4)), { name: "MisconfigurationException", message: /No `test_step\(\)` method defined to run `Trainer.test`/ });
  await assert.rejects(t.test(new Tested(), loader(4), { datamodule: new Data() }),
    { name: "MisconfigurationException", message: /You cannot pass both `trainer.test\(dataloaders=..., datamodule=...\)`/ });
  await assert.rejects(t.fit(new Tested(), loader(4), null, { datamodule: new Data() }),
    { name: "MisconfigurationException", message: /You cannot pass `train_dataloader` or `val_dataloaders` to `trainer.fit\(datamodule=...\)`/ });
  await assert.rejects(t.fit(new Tested()), { name: "MisconfigurationException", message: /No `train_dataloader\(\)` method defined/ });
  await assert.rejects(t.test(new Tested()), { name: "MisconfigurationException", message: /No `test_dataloader\(\)` method defined to run `Trainer.test`/ });
  await assert.rejects(new Trainer(quiet).validate(), { name: "MisconfigurationException", message: /`model` must be provided to `trainer.validate\(\)`/ });
  class Bare extends Tested {}
  Object.defineProperty(Bare.prototype, "forward", { value: Object.getPrototypeOf(Regressor.prototype).forward });
  await assert.rejects(t.predict(new Bare(), loader(4)), { name: "MisconfigurationException", message: /`Trainer.predict` requires `forward` method to run/ });
});
