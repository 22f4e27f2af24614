// The public interop API on files torch 1.13 / Lightning 1.9.5 wrote: weights into a module
// (shape-checked, all or nothing), module → safetensors / torch.save with real shapes, and
// trainer.fit resuming from a Lightning `.ckpt` path.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  init, Linear, Sequential, Softplus, GELU, LightningModule, Trainer, DataLoader, SGD, Adam, CosineAnnealingLR, MemoryCheckpointIO,
  loadSafetensors, saveSafetensors, parseSafetensors, torchLoad, torchSave, stateDictFromLoaded, parseTorchFile,
} from "../../ts/index.node.ts";
import { mseLoss } from "../../ts/nn/functional.ts";

const DIR = "../shared/interop";
const has = existsSync(`${DIR}/auto_sgd_cross_entropy_onecyclelr.weights.safetensors`);

before(async () => { await init(); });

class Net extends LightningModule {
  net = new Sequential(new Linear(3, 8), new Softplus(), new Linear(8, 3));
  forward(x: any): any { return this.net.call(x); }
}

test("model.loadStateDict((await loadSafetensors(path)).tensors) and torchLoad(path): the file's values", { skip: !has }, async () => {
  const m = new Net();
  const { tensors } = await loadSafetensors(`${DIR}/auto_sgd_cross_entropy_onecyclelr.weights.safetensors`);
  const r = m.loadStateDict(tensors);
  assert.deepEqual(r, { missingKeys: [], unexpectedKeys: [] });
  assert.deepEqual(Array.from(m.stateDict()["net.0.weight"]), Array.from(tensors["net.0.weight"].data));
  const fromPt = stateDictFromLoaded(await torchLoad(`${DIR}/auto_sgd_cross_entropy_onecyclelr.weights.pt`));
  const m2 = new Net();
  m2.loadStateDict(fromPt);
  assert.deepEqual(Array.from(m2.stateDict()["net.2.bias"]), Array.from(tensors["net.2.bias"].data));
});

test("a shape mismatch is a named error and changes nothing (same number of values, other shape)", { skip: !has }, async () => {
  const m = new Net();
  const before = m.stateDict();
  const { tensors } = await loadSafetensors(`${DIR}/auto_sgd_cross_entropy_onecyclelr.weights.safetensors`);
  tensors["net.0.weight"] = { ...tensors["net.0.weight"], shape: [3, 8] }; // 24 values either way
  assert.throws(() => m.loadStateDict(tensors), /size mismatch for net\.0\.weight: copying a param with shape \[3, 8\] from checkpoint, the shape in current model is \[8, 3\]/);
  for (const [k, v] of Object.entries(m.stateDict())) assert.deepEqual(Array.from(v), Array.from(before[k]), k);
});

test("saveSafetensors(module.stateDict()), saveSafetensors(module) and torchSave(module) keep names, shapes and bits", async () => {
  const m = new Net();
  const sd = m.stateDict();
  for (const bytes of [await saveSafetensors(sd), await saveSafetensors(m)]) {
    const { tensors } = parseSafetensors(bytes);
    assert.deepEqual(Object.keys(tensors), Object.keys(sd));
    assert.deepEqual(tensors["net.0.weight"].shape, [8, 3]);
    assert.deepEqual(tensors["net.2.bias"].shape, [3]);
    for (const k of Object.keys(sd)) assert.deepEqual(Array.from(tensors[k].data), Array.from(sd[k]), k);
  }
  const pt = stateDictFromLoaded(parseTorchFile(await torchSave(m)));
  assert.deepEqual(pt["net.2.weight"].shape, [3, 8]);
  assert.deepEqual(Array.from(pt["net.2.weight"].data), Array.from(sd["net.2.weight"]));
  // a file path: written atomically, read back the same
  const dir = mkdtempSync(join(tmpdir(), "fulgur-st-"));
  try {
    await saveSafetensors(m, join(dir, "w.safetensors"), { note: "x" });
    const back = await loadSafetensors(join(dir, "w.safetensors"));
    assert.equal(back.metadata.note, "x");
    assert.deepEqual(Array.from(back.tensors["net.0.bias"].data), Array.from(sd["net.0.bias"]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a bare Float32Array without a shape is refused by saveSafetensors", async () => {
  await assert.rejects(saveSafetensors({ w: new Float32Array(4) }), /"w" is neither a Tensor nor \{dtype, shape, data\}/);
});

/** The Python recipe kept its networks in `self.nets`: a user renames the keys in onLoadCheckpoint, as in Lightning. */
class Adamed extends LightningModule {
  net = new Sequential(new Linear(4, 6), new GELU(), new Linear(6, 2));
  optimizersWanted = 1;
  losses: number[] = [];
  forward(x: any): any { return this.net.call(x); }
  onLoadCheckpoint(ckpt: any): void {
    ckpt.stateDict = Object.fromEntries(Object.entries(ckpt.stateDict).map(([k, v]) => [k.replace(/^nets\./, ""), v]));
  }
  trainingStep(batch: any): any {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.losses.push(loss.item());
    return loss;
  }
  configureOptimizers(): any {
    const a = new Adam(this.parameters(), { lr: 0.02, betas: [0.8, 0.95], weightDecay: 0.01, amsgrad: true });
    const sched = { scheduler: new CosineAnnealingLR(a, { tMax: 6, etaMin: 0.001 }), interval: "step" };
    return this.optimizersWanted === 1 ? { optimizer: a, lrScheduler: sched } : [a, new SGD(this.parameters(), { lr: 0.1 })];
  }
}

const scenario = JSON.parse(readFileSync("../shared/conformance/scenarios/auto_adam_amsgrad_wd_cosine_step.json", "utf8"));
const data = () => {
  const { x, y } = scenario.data.fields;
  return new DataLoader(x.map((xi: number[], i: number) => ({ x: xi, y: y[i] })), { batchSize: 4 });
};
const quiet = { enableProgressBar: false, numSanityValSteps: 0, enableCheckpointing: false, logger: false } as const;

test("trainer.fit(model, data, null, { ckptPath: 'x.ckpt' }) resumes from Lightning's epoch and weights", { skip: !has }, async () => {
  const m = new Adamed();
  const t = new Trainer({ ...quiet, maxEpochs: 2 });
  await t.fit(m, data(), null, { ckptPath: `${DIR}/auto_adam_amsgrad_wd_cosine_step.epoch0.ckpt` });
  assert.equal(t.currentEpoch, 2);
  assert.equal(t.globalStep, 8); // 4 steps in Lightning's epoch 0 + 4 here
  assert.equal(m.losses.length, 4);
  // the first loss of epoch 1 is the scenario's (Lightning's weights were loaded)
  const want = scenario.expect.batches.find((b: any) => b.epoch === 1 && b.batch === 0).losses[0];
  assert.ok(Math.abs(m.losses[0] - want) < 1e-5, `${m.losses[0]} vs ${want}`);
  // and the last parameters are Lightning's final ones (optimizer and scheduler state resumed)
  const fin = scenario.expect.final.params["net.0.weight"];
  const got = m.stateDict()["net.0.weight"];
  fin.forEach((w: number, i: number) => assert.ok(Math.abs(got[i] - w) <= 1e-6 + 1e-4 * Math.abs(w), `net.0.weight[${i}]: ${got[i]} vs ${w}`));
});

test("a .ckpt that does not fit the optimizers is refused and the module keeps its weights", { skip: !has }, async () => {
  const m = new Adamed();
  m.optimizersWanted = 2;
  const before = m.stateDict();
  const io = new MemoryCheckpointIO();
  await io.writeBytes("l.ckpt", new Uint8Array(readFileSync(`${DIR}/auto_adam_amsgrad_wd_cosine_step.epoch0.ckpt`)));
  await assert.rejects(
    new Trainer({ ...quiet, maxEpochs: 2, checkpointIO: io }).fit(m, data(), null, { ckptPath: "l.ckpt" }),
    (e: any) => e.name === "CheckpointMismatchError" && /holds 1 optimizer state\(s\) but `configureOptimizers` returned 2/.test(e.message),
  );
  for (const [k, v] of Object.entries(m.stateDict())) assert.deepEqual(Array.from(v), Array.from(before[k]), k);
});
