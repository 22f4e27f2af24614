// Lightning 1.9.5 `.ckpt` files (../shared/interop, written by real Lightning after epoch 0 of
// public scenarios) resumed in fulgur: the scenario's batches from epoch 1 on and its final state
// must match what Python recorded. Also the converter's key mapping on those files.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import { parseLightningCheckpoint, camelKey } from "../../ts/trainer/checkpoint/lightning_read.ts";
import { CheckpointFormatError } from "../../ts/trainer/checkpoint/errors.ts";

const DIR = "../shared/interop";
const SCEN = "../shared/conformance/scenarios";
const NAMES = ["auto_sgd_cross_entropy_onecyclelr", "auto_gan_two_optimizers", "manual_plateau_sgd", "auto_adam_amsgrad_wd_cosine_step"];
const has = existsSync(`${DIR}/${NAMES[0]}.epoch0.ckpt`);
const bytes = (f: string) => new Uint8Array(readFileSync(f));

before(async () => {
  await init();
});

for (const name of NAMES) {
  test(`resume ${name} from Lightning's epoch-0 .ckpt`, { skip: !has }, async () => {
    const raw = JSON.parse(readFileSync(`${SCEN}/${name}.json`, "utf8"));
    const r = await runScenario(raw, fulgur, name, { resumeFrom: `${DIR}/${name}.epoch0.ckpt` });
    assert.equal(r.status, "PASS", formatResult(r));
  });
}

// LBFGS and CosineAnnealingWarmRestarts states: Lightning-layout files torch 1.13 wrote
// (fixtures/gen_lightning_like.py trains epoch 0 as Lightning does, checked against the scenario)
const FIX = "tests/interop/fixtures";
for (const name of ["auto_lbfgs", "manual_closure_lbfgs", "auto_adamw_warm_restarts_step"]) {
  test(`resume ${name} from a torch-written Lightning-layout .ckpt`, { skip: !existsSync(`${SCEN}/${name}.json`) }, async () => {
    const raw = JSON.parse(readFileSync(`${SCEN}/${name}.json`, "utf8"));
    const r = await runScenario(raw, fulgur, name, { resumeFrom: `${FIX}/${name}.epoch0.ckpt` });
    assert.equal(r.status, "PASS", formatResult(r));
  });
}

test("converter: LBFGS state keys and CosineAnnealingWarmRestarts fields", () => {
  const lb = parseLightningCheckpoint(bytes(`${FIX}/auto_lbfgs.epoch0.ckpt`), "lbfgs.ckpt");
  const st = (lb.optimizerStates[0] as any).state["0"];
  assert.deepEqual(Object.keys(st).sort(), ["HDiag", "al", "d", "funcEvals", "nIter", "oldDirs", "oldStps", "prevFlatGrad", "prevLoss", "ro", "t"]);
  assert.equal(typeof st.HDiag, "number");
  assert.equal(st.d.length, 13); // 2*3+3 + 3*1+1 parameters, flattened
  assert.ok(st.oldDirs.every((v: number[]) => v.length === 13));
  assert.equal((lb.optimizerStates[0] as any).paramGroups[0].historySize, 5);
  const wr = parseLightningCheckpoint(bytes(`${FIX}/auto_adamw_warm_restarts_step.epoch0.ckpt`), "wr.ckpt");
  const s = wr.lrSchedulers[0] as any;
  assert.equal(s.t0, 2);
  assert.equal(s.tMult, 2);
  assert.equal(typeof s.tI, "number");
  assert.equal(typeof s.tCur, "number");
  assert.equal(s.etaMin, 0.0001);
});

test("a resumed run is compared from epoch 1: a doctored epoch-1 batch FAILs", { skip: !has }, async () => {
  const name = "auto_adam_amsgrad_wd_cosine_step";
  const raw = JSON.parse(readFileSync(`${SCEN}/${name}.json`, "utf8"));
  const k = raw.expect.batches.findIndex((b: any) => b.epoch === 1);
  raw.expect.batches[k].params["net.0.bias"][0] += 0.01;
  const r = await runScenario(raw, fulgur, name, { resumeFrom: `${DIR}/${name}.epoch0.ckpt` });
  assert.equal(r.status, "FAIL");
  assert.match(r.detail!, /epoch 1, batch 0\)\.params\["net\.0\.bias"\]\[0\]/);
});

test("camelKey: torch attribute names → fulgur field names", () => {
  assert.equal(camelKey("weight_decay", false), "weightDecay");
  assert.equal(camelKey("exp_avg_sq", false), "expAvgSq");
  assert.equal(camelKey("H_diag", false), "HDiag");
  assert.equal(camelKey("_step_count", true), "stepCount");
  assert.equal(camelKey("_last_lr", true), "lastLr");
  assert.equal(camelKey("T_max", true), "tMax");
  assert.equal(camelKey("T_0", true), "t0");
  assert.equal(camelKey("_schedule_phases", true), "schedulePhases");
});

test("converter: optimizer, scheduler and loop state of a real Lightning checkpoint", { skip: !has }, () => {
  const adam = parseLightningCheckpoint(bytes(`${DIR}/auto_adam_amsgrad_wd_cosine_step.epoch0.ckpt`), "adam.ckpt");
  assert.equal(adam.epoch, 1);
  assert.equal(adam.globalStep, 4);
  const os = adam.optimizerStates[0] as any;
  assert.deepEqual(Object.keys(os.state["0"]).sort(), ["expAvg", "expAvgSq", "maxExpAvgSq", "step"]);
  assert.equal(os.state["0"].step, 4);
  assert.equal(os.state["0"].expAvg.length, 24);
  assert.equal(os.paramGroups[0].weightDecay, 0.01);
  assert.deepEqual(os.paramGroups[0].betas, [0.8, 0.95]);
  assert.deepEqual(os.paramGroups[0].params, [0, 1, 2, 3]);
  const sch = adam.lrSchedulers[0] as any;
  assert.equal(sch.tMax, 6);
  assert.equal(sch.stepCount, 5);
  assert.equal(sch.lastEpoch, 4);
  assert.ok(!("getLrCalledWithinStep" in sch));
  const fit = (adam.loops as any).fitLoop;
  assert.equal(fit.epochsCompleted, 1);
  assert.equal(fit.midEpoch, false);
  assert.equal(fit.epochLoop.optimizerSteps, 4);
  assert.deepEqual((adam.stateDict as any)["nets.net.0.weight"].shape, [6, 4]);

  const oc = parseLightningCheckpoint(bytes(`${DIR}/auto_sgd_cross_entropy_onecyclelr.epoch0.ckpt`), "oc.ckpt");
  const s = oc.lrSchedulers[0] as any;
  assert.equal(s.annealStrategy, "cos");
  assert.equal(s.schedulePhases[0].startLr, "initialLr");
  assert.equal(s.schedulePhases[1].endMomentum, "maxMomentum");
  assert.equal(s.schedulePhases[1].endStep, 7);
  assert.equal((oc.optimizerStates[0] as any).paramGroups[0].maxMomentum, 0.95);
  assert.equal((oc.optimizerStates[0] as any).state["3"].momentumBuffer.length, 3);

  const manual = parseLightningCheckpoint(bytes(`${DIR}/manual_plateau_sgd.epoch0.ckpt`), "m.ckpt");
  assert.equal((manual.loops as any).fitLoop.epochLoop.manualStepsCompleted, 3);
  assert.equal((manual.lrSchedulers[0] as any).best, 0.6573649644851685);
  assert.equal((manual.lrSchedulers[0] as any).modeWorse, Infinity);
  assert.equal((manual.optimizerStates[0] as any).state["0"].momentumBuffer, null);
});

test("converter: a torch.save file that is not a Lightning checkpoint is refused by name", { skip: !has }, () => {
  assert.throws(() => parseLightningCheckpoint(bytes(`${DIR}/dtypes.pt`), "dtypes.pt"),
    (e: any) => e instanceof CheckpointFormatError && /dtypes\.pt is not a Lightning checkpoint: it has no "state_dict"/.test(e.message));
});
