// Format /3 in the runner: a doctored initial parameter (init {torch_seed}) or final buffer FAILs
// naming it, and malformed /3 layers are refused naming the key.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { validateScenario } from "../../tools/conformance/scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import gru from "../../../shared/conformance/scenarios-v3/v3_gru_two_layers_rmsprop.json" with { type: "json" };
import bn from "../../../shared/conformance/scenarios-v3/v3_batchnorm1d_accumulate_clip.json" with { type: "json" };

before(async () => {
  await init();
});

test("a doctored init_params number FAILs before training, naming it", async () => {
  const s = structuredClone(gru) as any;
  s.expect.init_params["net.0.rnn.weight_hh_l1"][3] += 0.01;
  const r = await runScenario(s, fulgur, "doctored v3_gru");
  assert.equal(r.status, "FAIL", formatResult(r));
  assert.match(r.detail!, /^init_params\["net\.0\.rnn\.weight_hh_l1"\]\[3\]/);
});

test("a doctored running statistic FAILs, naming the buffer", async () => {
  const s = structuredClone(bn) as any;
  s.expect.final.buffers["net.1.running_var"][2] *= 1.01;
  const r = await runScenario(s, fulgur, "doctored v3_batchnorm1d");
  assert.equal(r.status, "FAIL", formatResult(r));
  assert.match(r.detail!, /final\.buffers\["net\.1\.running_var"\]\[2\]/);
});

test("/3 layers are refused in a /1 file, and an unknown option is named", () => {
  const v1 = structuredClone(gru) as any;
  v1.format = "fulgur.conformance/1";
  assert.throws(() => validateScenario(v1), /modules\.net\[0\]` has unknown layer kind "gru"/);
  const bad = structuredClone(gru) as any;
  bad.modules.net[0][3] = { num_layers: 2, batch_frist: true };
  assert.throws(() => validateScenario(bad), /modules\.net\[0\]\.batch_frist` is not an option of gru/);
  const seed = structuredClone(gru) as any;
  seed.init = { torch_seed: 1.5 };
  assert.throws(() => validateScenario(seed), /init\.torch_seed/);
});
