// fulgur → Lightning: a scenario's first epoch trained in fulgur and saved with
// saveCheckpoint(path, { format: "lightning" }) has the structure of the `.ckpt` real Lightning
// 1.9.5 wrote at the same point (same keys, types, tensor dtypes and shapes), its weights, and
// resuming from it (fulgur → .ckpt → fulgur) reproduces the scenario. torch.load's view of the
// committed fulgur-written files: fixtures/gen_lightning_write_check.py → lightning_write_check.json.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import { parseTorchFile, type Loaded } from "../../ts/interop/torch_load.ts";
import { PyAttr, PyDict } from "../../ts/interop/pickle_values.ts";
import { isTensorData } from "../../ts/interop/tensor_data.ts";
import { snakeKey } from "../../ts/trainer/checkpoint/lightning_write.ts";

const DIR = "../shared/interop";
const SCEN = "../shared/conformance/scenarios";
const FIX = "tests/interop/fixtures";
const NAMES = ["auto_sgd_cross_entropy_onecyclelr", "auto_gan_two_optimizers", "manual_plateau_sgd", "auto_adam_amsgrad_wd_cosine_step"];
const has = existsSync(`${DIR}/${NAMES[0]}.epoch0.ckpt`);

before(async () => { await init(); });

/** Keys, Python types, tensor dtypes and shapes (values left out; int and float are both "number"). */
export function structure(v: Loaded | undefined): unknown {
  if (v instanceof PyDict) return Object.fromEntries([...v.map].map(([k, x]) => [`${typeof k === "number" ? "int:" : ""}${String(k)}`, structure(x as Loaded)]));
  if (isTensorData(v)) return `tensor<${v.dtype}>[${v.shape}]`;
  if (Array.isArray(v)) return Object.isFrozen(v) ? { tuple: v.map((x) => structure(x as Loaded)) } : v.map((x) => structure(x as Loaded));
  if (v instanceof PyAttr) return `getattr(..., ${v.name})`;
  if (typeof v === "number" || typeof v === "bigint") return "number";
  return v === null || v === undefined ? "None" : typeof v;
}

/** The scenario's first epoch only (what Lightning had run when it wrote the shared file). */
function firstEpoch(raw: any): any {
  const s = structuredClone(raw);
  s.trainer.max_epochs = 1;
  s.expect.batches = s.expect.batches.filter((b: any) => b.epoch === 0);
  s.expect.events = s.expect.events.filter((e: any) => e[1] === 0);
  s.expect.vals = s.expect.vals?.filter((v: any) => v.epoch === 0);
  return s; // its `final` (after all epochs) cannot match: the weights are compared with Lightning's file instead
}

test("snakeKey inverts the reader's camelKey", () => {
  assert.equal(snakeKey("expAvgSq"), "exp_avg_sq");
  assert.equal(snakeKey("HDiag"), "H_diag");
  assert.equal(snakeKey("weightDecay"), "weight_decay");
  assert.equal(snakeKey("initialLr"), "initial_lr");
});

for (const name of NAMES) {
  test(`${name}: fulgur's Lightning .ckpt after epoch 0 = Lightning's (structure, weights), and resumes`, { skip: !has }, async () => {
    const raw = JSON.parse(readFileSync(`${SCEN}/${name}.json`, "utf8"));
    const dir = mkdtempSync(join(tmpdir(), "fulgur-lw-"));
    try {
      const path = join(dir, `${name}.ckpt`);
      const r = await runScenario(firstEpoch(raw), fulgur, name, { saveLightningTo: path });
      // every epoch-0 batch as recorded; only `final` (the whole run's) differs
      assert.match(formatResult(r), r.status === "PASS" ? /PASS/ : /final\./);
      assert.ok(existsSync(path), formatResult(r));
      const mine = parseTorchFile(new Uint8Array(readFileSync(path)), "fulgur-written") as PyDict;
      const theirs = parseTorchFile(new Uint8Array(readFileSync(`${DIR}/${name}.epoch0.ckpt`)), "lightning") as PyDict;
      const want = structure(theirs) as any;
      // torch pickles OneCycleLR's bound anneal_func; fulgur cannot write a method reference
      // (load_state_dict keeps the one the constructor made, which is the same)
      for (const s of want.lr_schedulers) delete s.anneal_func;
      assert.deepEqual(structure(mine), want);
      for (const k of ["epoch", "global_step"]) assert.equal(mine.get(k), theirs.get(k), k);
      const a = mine.get("state_dict") as PyDict, b = theirs.get("state_dict") as PyDict;
      for (const [k, t] of b.map) {
        const got = (a.get(k) as any).data, w = (t as any).data;
        for (let i = 0; i < w.length; i++) assert.ok(Math.abs(got[i] - w[i]) <= 1e-6 + 1e-4 * Math.abs(w[i]), `${String(k)}[${i}]: ${got[i]} vs ${w[i]}`);
      }
      // fulgur → .ckpt → fulgur: the rest of the scenario from the written file
      const resumed = await runScenario(raw, fulgur, name, { resumeFrom: path });
      assert.equal(resumed.status, "PASS", formatResult(resumed));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("torch.load opened the committed fulgur-written files with the shared files' structure (Python-side check)", { skip: !existsSync(`${FIX}/lightning_write_check.json`) }, () => {
  const check = JSON.parse(readFileSync(`${FIX}/lightning_write_check.json`, "utf8"));
  for (const name of NAMES) {
    assert.equal(check[name]?.same_structure, true, `${name}: ${JSON.stringify(check[name])}`);
    assert.equal(check[name]?.optimizer_and_scheduler_load, true, name);
    assert.equal(check[name]?.values_match_lightning, true, name);
    // torch's own optimizer + scheduler, loaded from fulgur's file, take the recorded next step
    if (name.startsWith("auto_") && name !== "auto_gan_two_optimizers") assert.equal(check[name]?.next_step_matches_recording, true, name);
  }
});

test("callback states travel under Lightning's state keys (ModelCheckpoint's scores as tensors) and come back", async () => {
  const { Trainer, ModelCheckpoint, MemoryCheckpointIO, DataLoader, LightningModule, Linear, SGD } = await import("../../ts/index.node.ts");
  const { mseLoss } = await import("../../ts/nn/functional.ts");
  const { parseLightningCheckpoint } = await import("../../ts/trainer/checkpoint/lightning_read.ts");
  class M extends LightningModule {
    net = new Linear(2, 1);
    forward(x: any): any { return this.net.call(x); }
    trainingStep(b: any): any { const l = mseLoss(this.forward(b.x), b.y); this.log("loss", l); return l; }
    configureOptimizers(): any { return new SGD(this.parameters(), { lr: 0.1 }); }
  }
  const io = new MemoryCheckpointIO();
  const rows = [0, 1, 2, 3].map((i) => ({ x: [i / 4, 1 - i / 4], y: [i / 8] }));
  const trainer = new Trainer({ maxEpochs: 2, enableProgressBar: false, logger: false, checkpointIO: io, callbacks: [new ModelCheckpoint({ dirpath: "ck", monitor: "loss" })] });
  await trainer.fit(new M(), new DataLoader(rows, { batchSize: 2 }));
  await trainer.saveCheckpoint("l.ckpt", { format: "lightning" });
  const bytes = io.binaryFiles.get("l.ckpt")!;
  const raw = parseTorchFile(bytes) as PyDict;
  const cbs = raw.get("callbacks") as PyDict;
  const key = [...cbs.map.keys()].find((k) => String(k).startsWith("ModelCheckpoint{'monitor': 'loss'"));
  assert.ok(key, [...cbs.map.keys()].join(", "));
  const state = cbs.get(key!) as PyDict;
  assert.equal(structure(state.get("best_model_score") as Loaded), "tensor<float32>[]");
  assert.equal(typeof state.get("best_model_path"), "string");
  const back = parseLightningCheckpoint(bytes, "l.ckpt");
  const mc = back.callbacks[String(key)] as any;
  assert.equal(typeof mc.bestModelScore, "number");
  assert.equal(mc.bestModelPath, state.get("best_model_path"));
});
