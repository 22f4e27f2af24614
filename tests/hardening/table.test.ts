// One row per user mistake (issue 22): the mistake, the error class, a fragment of the message.
// Every row also checks that the user's parameters did not change.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Linear, Sequential, Tanh } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam, AdamW, Adagrad, RMSprop, SGD, clipGradNorm } from "../../ts/optim/index.ts";
import { CosineAnnealingLR, ExponentialLR, MultiStepLR, OneCycleLR, ReduceLROnPlateau, StepLR } from "../../ts/optim/lr_scheduler/index.ts";
import { DataLoader, EarlyStopping, LearningRateMonitor, LightningModule, ModelCheckpoint, Trainer, setWarningSink } from "../../ts/index.ts";
import { Parameter, tensor } from "../../ts/autograd/index.ts";

const warnings: string[] = [];
before(async () => { await init(); setWarningSink((m: string) => void warnings.push(m)); });

const data = () => new DataLoader({ x: [[0, 1], [1, 0], [1, 1], [0, 0]], y: [[1], [0], [1], [0]] }, { batchSize: 2 });

class Tiny extends LightningModule {
  net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
  constructor(private readonly conf: (m: Tiny) => unknown = (m) => new SGD(m.parameters(), { lr: 0.1 })) { super(); }
  trainingStep(batch: any): any { return mseLoss(this.net.call(batch.x), batch.y); }
  configureOptimizers(): any { return this.conf(this); }
}

const hash = (m: LightningModule) => m.parameters().map((p) => Array.from(p.dataSync() as Float32Array).join(",")).join(";");

type Row = [mistake: string, run: (m: Tiny) => unknown, errorName: string, message: RegExp];

const fitWith = (conf: (m: Tiny) => unknown, trainer: Record<string, unknown> = {}) => async (m: Tiny) => {
  const t = new Trainer({ maxEpochs: 1, enableProgressBar: false, ...trainer });
  await t.fit(new Tiny(conf) === m ? m : Object.assign(m, { conf }), data());
};

const ROWS: Row[] = [
  // optimizer options: unknown keys (closest name, camelCase hint), values
  ["Adam weight_decay", (m) => new Adam(m.parameters(), { weight_decay: 5 } as any), "TypeError", /Adam\(\) got an unexpected keyword argument 'weight_decay'\. Did you mean 'weightDecay'\? fulgur's options are camelCase\./],
  ["Adam learningRate", (m) => new Adam(m.parameters(), { learningRate: 0.1 } as any), "TypeError", /Adam\(\) got an unexpected keyword argument 'learningRate'\. Did you mean 'lr'\?/],
  ["SGD momentom", (m) => new SGD(m.parameters(), { lr: 0.1, momentom: 0.9 } as any), "TypeError", /SGD\(\) got an unexpected keyword argument 'momentom'\. Did you mean 'momentum'\?/],
  ["AdamW amsGrad", (m) => new AdamW(m.parameters(), { amsGrad: true } as any), "TypeError", /Did you mean 'amsgrad'\?/],
  ["RMSprop Alpha", (m) => new RMSprop(m.parameters(), { Alpha: 0.9 } as any), "TypeError", /Did you mean 'alpha'\?/],
  ["Adagrad lr_decay", (m) => new Adagrad(m.parameters(), { lr_decay: 0.1 } as any), "TypeError", /Did you mean 'lrDecay'\?/],
  ["Adam lr NaN", (m) => new Adam(m.parameters(), { lr: NaN }), "ValueError", /Invalid learning rate: (nan|NaN)/],
  ["SGD lr string", (m) => new SGD(m.parameters(), { lr: "0.1" as any }), "TypeError", /SGD\(\): 'lr' must be a number, got string/],
  ["SGD momentum NaN", (m) => new SGD(m.parameters(), { lr: 0.1, momentum: NaN }), "ValueError", /Invalid momentum value: (nan|NaN)/],
  ["Adam options an array", (m) => new Adam(m.parameters(), [0.1] as any), "TypeError", /Adam\(\) takes its options as an object/],
  // schedulers
  ["StepLR without stepSize", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), {} as any), "TypeError", /StepLR\.__init__\(\) missing 1 required positional argument: 'step_size'/],
  ["StepLR no options", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), undefined as any), "TypeError", /StepLR\.__init__\(\) missing required argument: 'step_size'/],
  ["StepLR stepSize 0", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { stepSize: 0 }), "ValueError", /'stepSize' must be a positive integer, got 0/],
  ["StepLR stepSize -1", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { stepSize: -1 }), "ValueError", /'stepSize' must be a positive integer, got -1/],
  ["StepLR stepSize 1.5", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { stepSize: 1.5 }), "ValueError", /'stepSize' must be an integer, got 1.5/],
  ["StepLR step_size", (m) => new StepLR(new SGD(m.parameters(), { lr: 0.1 }), { step_size: 2 } as any), "TypeError", /Did you mean 'stepSize'\?/],
  ["CosineAnnealingLR tMax 0", (m) => new CosineAnnealingLR(new SGD(m.parameters(), { lr: 0.1 }), { tMax: 0 }), "ValueError", /'tMax' must not be 0/],
  ["CosineAnnealingLR T_max", (m) => new CosineAnnealingLR(new SGD(m.parameters(), { lr: 0.1 }), { T_max: 5 } as any), "TypeError", /unexpected keyword argument 'T_max'\. Did you mean 'tMax'\?/],
  ["ExponentialLR gamma NaN", (m) => new ExponentialLR(new SGD(m.parameters(), { lr: 0.1 }), { gamma: NaN }), "ValueError", /'gamma' must be a finite number, got NaN/],
  ["ExponentialLR no gamma", (m) => new ExponentialLR(new SGD(m.parameters(), { lr: 0.1 }), {} as any), "TypeError", /missing 1 required positional argument: 'gamma'/],
  ["MultiStepLR gama", (m) => new MultiStepLR(new SGD(m.parameters(), { lr: 0.1 }), { milestones: [1], gama: 0.5 } as any), "TypeError", /Did you mean 'gamma'\?/],
  ["OneCycleLR max_lr", (m) => new OneCycleLR(new SGD(m.parameters(), { lr: 0.1 }), { max_lr: 1, totalSteps: 4 } as any), "TypeError", /unexpected keyword argument 'max_lr'/],
  ["ReduceLROnPlateau patiense", (m) => new ReduceLROnPlateau(new SGD(m.parameters(), { lr: 0.1 }), { patiense: 2 } as any), "TypeError", /Did you mean 'patience'\?/],
  // clip_grad_norm_: torch's float(norm_type)
  ["clipGradNorm 'fro'", (m) => clipGradNorm(m.parameters(), 0.1, "fro"), "ValueError", /could not convert string to float: 'fro'/],
  ["clipGradNorm null norm", (m) => clipGradNorm(m.parameters(), 0.1, null as any), "TypeError", /norm_type must be a number/],
  // DataLoader
  ["DataLoader batchsize", () => new DataLoader({ x: [[1]] }, { batchsize: 16 } as any), "TypeError", /DataLoader\(\) got an unexpected keyword argument 'batchsize'\. Did you mean 'batchSize'\?/],
  ["DataLoader batch_size", () => new DataLoader({ x: [[1]] }, { batch_size: 16 } as any), "TypeError", /Did you mean 'batchSize'\? fulgur's options are camelCase/],
  ["DataLoader shuffle 'yes'", () => new DataLoader({ x: [[1]] }, { shuffle: "yes" } as any), "TypeError", /'shuffle' must be true or false/],
  // callbacks
  ["EarlyStopping monitr", () => new EarlyStopping({ monitor: "loss", monitr: "x" } as any), "TypeError", /EarlyStopping\(\) got an unexpected keyword argument 'monitr'\. Did you mean 'monitor'\?/],
  ["ModelCheckpoint save_top_k", () => new ModelCheckpoint({ save_top_k: 2 } as any), "TypeError", /Did you mean 'saveTopK'\? fulgur's options are camelCase/],
  ["LearningRateMonitor interval", () => new LearningRateMonitor({ logging_interval: "step" } as any), "TypeError", /Did you mean 'loggingInterval'\?/],
  // init
  ["init bakend", async () => init({ bakend: "webgpu" } as any), "TypeError", /init\(\) got an unexpected keyword argument 'bakend'\. Did you mean 'backend'\?/],
  // Trainer
  ["new Trainer(null)", () => new Trainer(null as any), "TypeError", /Trainer takes its options as an object/],
  ["Trainer max_epochs", () => new Trainer({ max_epochs: 3 } as any), "TypeError", /unexpected option 'max_epochs' \(did you mean 'maxEpochs'\?\)/],
  ["gradientClipAlgorithm 5", () => new Trainer({ gradientClipAlgorithm: 5 as any }), "MisconfigurationException", /`gradient_clip_algorithm` 5 is invalid/],
  ["gradientClipVal NaN", () => new Trainer({ gradientClipVal: NaN }), "MisconfigurationException", /`gradient_clip_val` must be a finite number >= 0. Got NaN/],
  ["gradientClipVal -1", () => new Trainer({ gradientClipVal: -1 }), "MisconfigurationException", /`gradient_clip_val` must be a finite number >= 0/],
  ["minEpochs -1", () => new Trainer({ minEpochs: -1 }), "MisconfigurationException", /`min_epochs` must be an integer >= 0/],
  ["minEpochs > maxEpochs", () => new Trainer({ minEpochs: 5, maxEpochs: 3 }), "MisconfigurationException", /at most `max_epochs` \(3\)\. You passed in 5/],
  ["limitTrainBatches NaN", () => new Trainer({ limitTrainBatches: NaN }), "MisconfigurationException", /`limit_train_batches` must be an int >= 0 or a float in \[0\.0, 1\.0\]\. Got NaN/],
  ["detectNonFinite 1", () => new Trainer({ detectNonFinite: 1 as any }), "TypeError", /`detectNonFinite` must be true or false/],
  // configureOptimizers returns
  ["configureOptimizers {}", fitWith(() => ({})), "MisconfigurationException", /returned an invalid optimizer: undefined \(no "optimizer" key\?\)/],
  ["configureOptimizers {optimizer: null}", fitWith(() => ({ optimizer: null })), "MisconfigurationException", /returned an invalid optimizer: null/],
  ["configureOptimizers {optimizer: 'adam'}", fitWith(() => ({ optimizer: "adam" })), "MisconfigurationException", /the string "adam"/],
  ["configureOptimizers [null]", fitWith(() => [null]), "MisconfigurationException", /Unknown configuration for model optimizers|invalid optimizer/],
  ...[-2, 0, 1.5, NaN].map((f): Row => [`optimizer frequency ${f}`,
    fitWith((m) => [{ optimizer: new SGD(m.parameters(), { lr: 0.1 }), frequency: f }, { optimizer: new SGD(m.parameters(), { lr: 0.1 }), frequency: 1 }]),
    "MisconfigurationException", new RegExp(`"frequency" of optimizer 0 must be a positive integer .*got ${f}`)]),
  ...[0, NaN, -1, 1.5].map((f): Row => [`scheduler frequency ${f}`,
    fitWith((m) => { const o = new SGD(m.parameters(), { lr: 0.1 }); return { optimizer: o, lr_scheduler: { scheduler: new StepLR(o, { stepSize: 1 }), frequency: f } }; }),
    "MisconfigurationException", new RegExp(`"frequency" of lr scheduler 0 must be a positive integer .*got ${f}`)]),
  // data of the wrong shape
  ["fit with rows", async (m) => new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, [[0, 1], [1, 0]]), "TypeError", /fit\(\) expects train_dataloaders as a DataLoader .* got an array of 2 rows of numbers/],
  // @ts-expect-error: fit's type takes a DataLoader, not columns (the mistake is a compile error too)
  ["fit with a columns object", async (m) => new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, { x: [[0, 1]], y: [[1]] }), "TypeError", /Pass it through a DataLoader/],
  // @ts-expect-error: not a loader
  ["fit with a number", async (m) => new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, 5), "TypeError", /got number 5/],
];

test("every listed mistake gets a named error, and nothing the user had changes", async () => {
  for (const [mistake, run, errorName, message] of ROWS) {
    const m = new Tiny();
    const before1 = hash(m);
    let threw: unknown = null;
    try {
      await run(m);
    } catch (e) {
      threw = e;
    }
    assert.ok(threw instanceof Error, `${mistake}: no error`);
    assert.equal((threw as Error).name, errorName, `${mistake}: ${(threw as Error).name}: ${(threw as Error).message}`);
    assert.match((threw as Error).message, message, mistake);
    assert.equal(hash(m), before1, `${mistake}: the parameters changed`);
  }
});

test("what torch and Lightning accept keeps working: 'inf' norm, an empty loader warns", async () => {
  const p = new Parameter(tensor([1.5, 2.5]));
  p.grad = tensor([3.5, -4.5]);
  assert.equal(clipGradNorm([p], 1, "inf"), 4.5);
  assert.deepEqual(Array.from(p.grad!.dataSync() as Float32Array).map((v) => Math.round(v * 1e4) / 1e4), [0.7778, -1]);
  p.grad = tensor([3.5, -4.5]);
  assert.ok(Math.abs(clipGradNorm([p], 100, "2") - Math.hypot(3.5, 4.5)) < 1e-5);
  warnings.length = 0;
  const m = new Tiny();
  const before1 = hash(m);
  await new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, new DataLoader({ x: [] as number[][], y: [] as number[][] }, { batchSize: 2 }));
  assert.ok(warnings.some((w) => /Total length of `DataLoader` across ranks is zero/.test(w)), warnings.join("\n"));
  assert.equal(hash(m), before1);
});
