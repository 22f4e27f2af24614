// detectAnomaly: a NaN/Inf in an op's forward output or in a gradient raises a FulgurError
// naming the op / parameter, the epoch, the batch and the optimizer.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { log } from "../../ts/autograd/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { DataLoader, FulgurError, Trainer } from "../../ts/index.ts";
import { Regressor, regressionData } from "../trainer/simple_model.ts";

before(async () => { await init(); });
const loader = () => new DataLoader(regressionData(8), { batchSize: 4 });

test("detectAnomaly names the op whose forward output is NaN, with epoch and batch", async () => {
  const m = new Regressor();
  (m as any).trainingStep = function (this: Regressor, batch: any, i: number) {
    const out = this.forward(batch.x);
    return i === 1 ? log(out.sub(out).sub(1)).mean() : mseLoss(out, batch.y);
  };
  const err = await new Trainer({ maxEpochs: 1, detectAnomaly: true }).fit(m, loader()).then(() => null, (e) => e);
  assert.ok(err instanceof FulgurError);
  assert.equal(err.name, "AnomalyDetectedError");
  assert.match(err.message, /Anomaly detected in epoch 0, batch 1: Function '\w+' returned nan values in its forward output/);
});

test("detectAnomaly names the parameter whose gradient is not finite and the optimizer", async () => {
  const m = new Regressor();
  m.trainingStep = function (this: Regressor, batch: any) {
    return this.forward(batch.x).sqrt().mean(); // finite forward where >= 0, inf gradient at 0
  };
  const { setValue } = await import("../../ts/autograd/index.ts");
  const tf = await import("@tensorflow/tfjs-core");
  setValue(m.net.weight, tf.zeros([1, 2]));
  setValue(m.net.bias!, tf.zeros([1]));
  await assert.rejects(new Trainer({ maxEpochs: 1, detectAnomaly: true }).fit(m, loader()), {
    name: "AnomalyDetectedError", message: /The gradient of parameter "net.weight" holds (nan|inf) after backward \(epoch 0, batch 0, optimizer 0 \(SGD\)\)/,
  });
});

test("without detectAnomaly a non-finite loss still stops training before backward", async () => {
  const m = new Regressor();
  m.trainingStep = function (this: Regressor, batch: any) { return this.forward(batch.x).mul(Infinity).mean(); };
  await assert.rejects(new Trainer({ maxEpochs: 1 }).fit(m, loader()), { name: "FulgurError", message: /loss returned by `trainingStep` is (NaN|-?Infinity) \(epoch 0, batch 0, optimizer 0\)/ });
});
