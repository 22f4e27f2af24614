// Importing fulgur is enough for the CPU backend (the bundle carries fulgur.wasm inline); init()
// only chooses a backend, with one name per backend and the valid names listed on a typo.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import * as fulgur from "../../ts/index.node.ts";

const { init, LightningModule, Trainer, DataLoader, Linear, SGD, mseLoss, BACKEND_NAMES } = fulgur;

class Tiny extends LightningModule {
  lin = new Linear(2, 1);
  trainingStep(batch: { x: fulgur.Tensor; y: fulgur.Tensor }) {
    const loss = mseLoss(this.lin.call(batch.x), batch.y);
    this.log("loss", loss);
    return loss;
  }
  configureOptimizers() {
    return new SGD(this.parameters(), { lr: 0.1 });
  }
}

const data = () => ({ x: [[0, 1], [1, 0], [1, 1], [0, 0]], y: [[1], [2], [3], [0]] });

// First in the file: under Node each test file is its own process, so nothing called init() yet.
test("Trainer.fit before any init() trains on fulgur-wasm", async () => {
  assert.equal(tf.getBackend(), "fulgur-wasm");
  const model = new Tiny();
  const before = [...model.lin.weight.dataSync()];
  const trainer = new Trainer({ maxEpochs: 2, enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false });
  await trainer.fit(model, new DataLoader(data(), { batchSize: 2 }));
  assert.equal(trainer.globalStep, 4);
  assert.notDeepEqual([...model.lin.weight.dataSync()], before);
  assert.equal(tf.getBackend(), "fulgur-wasm");
});

test("init() names: \"wasm\" is \"fulgur-wasm\", the Trainer's accelerator name", async () => {
  assert.deepEqual([...BACKEND_NAMES], ["fulgur-wasm", "wasm", "webgpu", "cpu"]);
  assert.equal(await init({ backend: "wasm" }), "fulgur-wasm");
  assert.equal(await init({ backend: "fulgur-wasm" }), "fulgur-wasm");
  assert.equal(await init(), "fulgur-wasm");
  const trainer = new Trainer({ maxEpochs: 1, accelerator: "wasm", enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false });
  await trainer.fit(new Tiny(), new DataLoader(data(), { batchSize: 4 }));
  assert.equal(tf.getBackend(), "fulgur-wasm");
});

test("a wrong backend name lists the valid ones", async () => {
  await assert.rejects(
    // @ts-expect-error: not a backend name
    init({ backend: "wsam" }),
    (e: Error) => {
      assert.equal(e.name, "ValueError");
      assert.match(e.message, /unknown backend "wsam"/);
      assert.match(e.message, /"fulgur-wasm", "wasm", "webgpu", "cpu"/);
      return true;
    },
  );
  assert.equal(tf.getBackend(), "fulgur-wasm");
});
