// The Trainer switches train/eval where Lightning 1.9.5 does (validation and the sanity check in
// eval through on_validation_model_eval, every submodule; train mode again after), so BatchNorm's
// running statistics move only in training; buffers travel in checkpoints and a resume restores them.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Callback, DataLoader, LightningModule, MemoryCheckpointIO, SGD, Trainer, parseCheckpoint } from "../../ts/index.ts";
import { BatchNorm1d, Linear, Sequential, ReLU, manualSeed } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { regressionData } from "../trainer/simple_model.ts";

before(async () => { await init(); });

class BnNet extends LightningModule {
  net = new Sequential(new Linear(2, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 1));
  seen: string[] = [];
  forward(x: any): any { return this.net.call(x); }
  private mode(): string {
    const modes = this.modules().map((m) => m.training);
    return modes.every(Boolean) ? "train" : modes.every((t) => !t) ? "eval" : "mixed";
  }
  trainingStep(batch: any): any {
    this.seen.push(`train:${this.mode()}`);
    return mseLoss(this.forward(batch.x), batch.y);
  }
  validationStep(batch: any): void {
    this.seen.push(`val:${this.mode()}`);
    this.log("val_loss", mseLoss(this.forward(batch.x), batch.y));
  }
  configureOptimizers(): any { return new SGD(this.parameters(), { lr: 0.05 }); }
}

const loader = (n: number) => new DataLoader(regressionData(n), { batchSize: 4 });
const quiet = { enableProgressBar: false, enableCheckpointing: false, logger: false } as const;
const bnState = (m: BnNet) => Object.fromEntries(Object.entries(m.stateDict()).filter(([k]) => k.startsWith("net.1.")).map(([k, v]) => [k, Array.from(v)]));

test("validation and the sanity check run in eval (every submodule), training in train mode", async () => {
  manualSeed(1);
  const m = new BnNet();
  const running: number[][] = [];
  class Watch extends Callback {
    override onValidationStart(): void { running.push(Array.from(m.stateDict()["net.1.running_mean"])); }
    override onValidationEnd(): void { running.push(Array.from(m.stateDict()["net.1.running_mean"])); }
  }
  await new Trainer({ maxEpochs: 2, numSanityValSteps: 1, ...quiet, callbacks: [new Watch()] }).fit(m, loader(8), loader(8));
  // sanity check (1 batch), then per epoch: 2 training batches and 2 validation batches
  assert.deepEqual(m.seen, ["val:eval", "train:train", "train:train", "val:eval", "val:eval", "train:train", "train:train", "val:eval", "val:eval"]);
  assert.ok(m.modules().every((x) => x.training), "train mode after fit");
  for (let i = 0; i < running.length; i += 2) assert.deepEqual(running[i + 1], running[i], "validation leaves running_mean alone");
  assert.notDeepEqual(running[2], running[0], "training moved running_mean");
  assert.equal(m.stateDict()["net.1.num_batches_tracked"][0], 4);
});

test("checkpoints hold the buffers; a resumed fit restores them and ends as the uninterrupted one", async () => {
  manualSeed(3);
  const full = new BnNet();
  const init0 = full.stateDict();
  await new Trainer({ maxEpochs: 4, numSanityValSteps: 0, ...quiet }).fit(full, loader(12));

  const io = new MemoryCheckpointIO();
  class SaveAt extends Callback {
    override onTrainEpochEnd(t: Trainer): void { if (t.currentEpoch === 1) void t.saveCheckpoint("mid.ckpt"); }
  }
  const first = new BnNet();
  first.loadStateDict(init0);
  await new Trainer({ maxEpochs: 4, numSanityValSteps: 0, ...quiet, checkpointIO: io, callbacks: [new SaveAt()] }).fit(first, loader(12));
  const ckpt = parseCheckpoint(await io.read("mid.ckpt"), "mid.ckpt");
  assert.deepEqual(Object.keys(ckpt.stateDict).filter((k) => k.startsWith("net.1.")),
    ["net.1.weight", "net.1.bias", "net.1.running_mean", "net.1.running_var", "net.1.num_batches_tracked"]);
  assert.equal(ckpt.stateDict["net.1.num_batches_tracked"][0], 6, "3 batches in each of 2 epochs");

  const resumed = new BnNet();
  await new Trainer({ maxEpochs: 4, numSanityValSteps: 0, ...quiet, checkpointIO: io }).fit(resumed, loader(12), null, { ckptPath: "mid.ckpt" });
  assert.deepEqual(bnState(resumed), bnState(full));
  assert.deepEqual(resumed.stateDict(), full.stateDict());
});

test("after the sanity check the Trainer puts the model in train mode itself (Lightning's _run_train)", async () => {
  class KeepsEval extends BnNet {
    override onValidationModelTrain(): void {} // a user hook that does not restore train mode
  }
  const m = new KeepsEval();
  await new Trainer({ maxEpochs: 1, numSanityValSteps: 1, limitValBatches: 1, ...quiet }).fit(m, loader(8), loader(8));
  // the sanity check's eval is undone by the Trainer; the epoch's validation leaves eval on (the hook's choice)
  assert.deepEqual(m.seen, ["val:eval", "train:train", "train:train", "val:eval"]);
  assert.ok(m.modules().every((x) => !x.training));
});
