// Child process of kill_resume.test.ts (bundled by the test, run with process.execPath):
//   full <dir>    train uninterrupted, print the parameter hash
//   save <dir>    train slowly with ModelCheckpoint(everyNTrainSteps: 2) until the parent kills it
//   resume <dir> <ckpt>  resume from the checkpoint, finish, print the parameter hash
import { init } from "../../ts/index.node.ts";
import { Callback, ModelCheckpoint, Trainer } from "../../ts/index.ts";
import { accumulationFor, paramHash, resumeLoader, ResumeModel } from "./resume_model.ts";

const SETUP = "sgd_onecycle" as const;

/** Blocks the thread for `ms` so the parent has time to kill the run mid-way. */
class Slow extends Callback {
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));
  constructor(private readonly ms: number) { super(); }
  override onTrainBatchEnd(): void { Atomics.wait(this.cell, 0, 0, this.ms); }
}

const [mode, dir, ckptPath] = process.argv.slice(2);
await init();
const model = new ResumeModel(SETUP);
const callbacks: Callback[] = [];
if (mode === "save") {
  callbacks.push(new ModelCheckpoint({ dirpath: dir, filename: "{step}", everyNTrainSteps: 2, saveTopK: -1 }), new Slow(15));
}
const trainer = new Trainer({
  maxEpochs: 15, accumulateGradBatches: accumulationFor(SETUP), callbacks, enableProgressBar: false,
});
await trainer.fit(model, resumeLoader(), null, { ckptPath: mode === "resume" ? ckptPath : null });
console.log(`HASH ${paramHash(model)}`);
