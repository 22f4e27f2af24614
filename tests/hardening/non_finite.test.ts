// Non-finite values in training: the loss given to manualBackward is checked as the automatic
// loop checks trainingStep's loss; Trainer(detectNonFinite) stops an optimizer step whose
// gradients hold NaN/Inf before any parameter changes, naming the parameter.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { Linear, Sequential, Tanh } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam, SGD } from "../../ts/optim/index.ts";
import { DataLoader, LightningModule, Trainer, setWarningSink } from "../../ts/index.ts";
import { setDetectNonFinite } from "../../ts/optim/non_finite.ts";
import { Parameter, tensor } from "../../ts/autograd/index.ts";

before(async () => { await init(); setWarningSink(() => {}); });

const data = () => {
  const x: number[][] = [], y: number[][] = [];
  for (let i = 0; i < 12; i++) { x.push([i / 12, 1 - i / 12]); y.push([Math.sin(i)]); }
  return new DataLoader({ x, y }, { batchSize: 4 });
};
const snapshot = (m: LightningModule) => m.parameters().map((p) => Array.from(p.dataSync() as Float32Array));

class Manual extends LightningModule {
  net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
  constructor(private readonly lr: number, private readonly poisonAt = -1) {
    super();
    this.automaticOptimization = false;
  }
  trainingStep(batch: any, batchIdx: number): any {
    const opt = this.optimizers();
    opt.zeroGrad();
    let loss = mseLoss(this.net.call(batch.x), batch.y);
    if (batchIdx === this.poisonAt) loss = loss.mul(Infinity);
    this.manualBackward(loss);
    opt.step();
    return undefined;
  }
  configureOptimizers(): any { return new SGD(this.parameters(), { lr: this.lr }); }
}

test("manual optimization: a non-finite loss given to manualBackward is named by epoch, batch and optimizer", async () => {
  const m = new Manual(0.1, 2);
  const before1 = snapshot(m);
  await assert.rejects(new Trainer({ maxEpochs: 2, enableProgressBar: false }).fit(m, data()),
    { name: "FulgurError", message: /The loss given to `manualBackward` is (Infinity|NaN) \(epoch 0, batch 2, optimizer 0 \(SGD\)\)\. Training stopped before this non-finite loss was back-propagated\./ });
  assert.notDeepEqual(snapshot(m), before1); // batches 0 and 1 trained
  assert.ok(snapshot(m).flat().every(Number.isFinite), "the weights stay finite");
  // SGD with lr 1e10 diverges: stopped at the first non-finite loss, never all-NaN weights
  const big = new Manual(1e10);
  await assert.rejects(new Trainer({ maxEpochs: 6, enableProgressBar: false }).fit(big, data()), /The loss given to `manualBackward` is (Infinity|NaN) \(epoch \d+, batch \d+, optimizer 0 \(SGD\)\)/);
});

class Auto extends LightningModule {
  l1 = new Linear(2, 3);
  l2 = new Linear(3, 1);
  beforeStep: number[][] = [];
  trainingStep(batch: any, batchIdx: number): any {
    const loss = mseLoss(this.l2.call(this.l1.call(batch.x).tanh()), batch.y);
    // a finite loss whose gradient is not: sqrt at 0 has an infinite derivative
    return batchIdx === 1 ? loss.add(this.l2.bias!.sub(this.l2.bias!.detach()).abs().sqrt().sum()) : loss;
  }
  onBeforeOptimizerStep(): void { this.beforeStep = snapshot(this); }
  configureOptimizers(): any { return new Adam(this.parameters(), { lr: 0.01 }); }
}

test("detectNonFinite (default on) stops the step before any parameter changes and names the parameter", async () => {
  const m = new Auto();
  const t = new Trainer({ maxEpochs: 1, enableProgressBar: false });
  assert.equal(t.detectNonFinite, true);
  await assert.rejects(t.fit(m, data()), {
    name: "NonFiniteGradientError",
    message: /The gradient of parameter "l2\.bias" \(shape \[1\]\) holds (NaN|Infinity|-Infinity) at element 0: Adam\.step\(\) was stopped before any parameter changed/,
  });
  assert.deepEqual(snapshot(m), m.beforeStep, "no parameter changed in the stopped step");
  assert.ok(snapshot(m).flat().every(Number.isFinite));
  // off: the step goes through (the NaN reaches the weights, as torch lets it)
  const off = new Auto();
  await new Trainer({ maxEpochs: 1, enableProgressBar: false, detectNonFinite: false, limitTrainBatches: 2 }).fit(off, data());
  assert.ok(snapshot(off).flat().some((v) => !Number.isFinite(v)));
  assert.throws(() => new Trainer({ detectNonFinite: "yes" as any }), { name: "TypeError", message: /`detectNonFinite` must be true or false/ });
});

test("the check covers every group before any group changes; optimizers used alone do not check (torch)", () => {
  const a = new Parameter(tensor([1, 2, 3]));
  const b = new Parameter(tensor([4, 5]));
  a.grad = tensor([0.1, 0.1, 0.1]);
  b.grad = tensor([0.1, NaN]);
  const opt = new SGD([{ params: [a] }, { params: [b] }], { lr: 1 });
  const prev = setDetectNonFinite(true);
  try {
    assert.throws(() => opt.step(), { name: "NonFiniteGradientError", message: /The gradient of a parameter of shape \[2\] holds NaN at element 1: SGD\.step\(\) was stopped/ });
    assert.deepEqual(Array.from(a.dataSync() as Float32Array), [1, 2, 3]);
  } finally {
    setDetectNonFinite(prev);
  }
  opt.step();
  assert.ok(Number.isNaN((b.dataSync() as Float32Array)[1]));
});
