// Representative user code, compiled under `strict` with nodenext and bundler resolution and by
// `deno check`; every `@ts-expect-error` marks a common mistake that must stay a compile error.
import { DataLoader, LightningModule, Linear, SGD, Adam, StepLR, Trainer, init, mseLoss, type BackendName, type Tensor } from "fulgur";

interface Batch {
  x: Tensor;
  y: Tensor;
}

export class Model extends LightningModule<Batch> {
  lin = new Linear(2, 1);
  override trainingStep(batch: Batch, batchIdx: number): Tensor {
    const loss = mseLoss(this.lin.call(batch.x), batch.y);
    this.log("loss", loss, { progBar: batchIdx === 0 });
    return loss;
  }
  override configureOptimizers() {
    const opt = new Adam(this.parameters(), { lr: 1e-2 });
    return { optimizer: opt, lrScheduler: { scheduler: new StepLR(opt, { stepSize: 1 }), interval: "epoch" as const } };
  }
}

export async function main(): Promise<void> {
  const backend: BackendName = "wasm";
  await init({ backend });
  await init({ backend: "webgpu" });
  // @ts-expect-error: not a backend name (the valid ones are a string union)
  await init({ backend: "wsam" });
  // @ts-expect-error: misspelled Trainer option
  new Trainer({ maxEpoch: 1 });
  // @ts-expect-error: not an accelerator name
  new Trainer({ accelerator: "cuda" });
  // @ts-expect-error: misspelled DataLoader option (batchSize)
  new DataLoader({ x: [[1, 2]] }, { batchsize: 4 });
  // @ts-expect-error: Keras' name for torch's lr
  new SGD(new Model().parameters(), { learningRate: 0.1 });
  const trainer = new Trainer({ maxEpochs: 1, accelerator: "wasm", enableModelSummary: false });
  await trainer.fit(new Model(), new DataLoader({ x: [[1, 2]], y: [[3]] }, { batchSize: 1 }));
  const typed = new DataLoader<Batch>({ x: [[1, 2]], y: [[3]] }, { batchSize: 1 });
  await trainer.fit(new Model(), typed);
  // @ts-expect-error: the loader yields another batch type than the module's trainingStep takes
  await trainer.fit(new Model(), new DataLoader<{ image: Tensor }>({ image: [[1, 2]] }));
  // @ts-expect-error: rows given to fit instead of a DataLoader over columns
  await trainer.fit(new Model(), [[1, 2], [3, 4]]);
  for await (const b of typed) {
    const x: Tensor = b.x;
    void x;
  }
  const m: number | undefined = trainer.callbackMetrics["loss"];
  void m;
}

export class WrongStep extends LightningModule<Batch> {
  // @ts-expect-error: the step's batch must be the module's Batch
  override trainingStep(batch: string): Tensor {
    throw new Error(batch);
  }
}
