// The runner's format /2 parts: a doctored val_loss or a missing validation run FAILs naming
// it; an accumulation schedule Lightning rejects is compared as an error scenario; the SWALR a
// callback creates is not a `sched` event.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import plateau from "../../../shared/conformance/scenarios-v2/v2_val_plateau_val_loss.json" with { type: "json" };
import accumulate from "../../../shared/conformance/scenarios-v2/v2_accumulate_schedule_dict.json" with { type: "json" };
import swa from "../../../shared/conformance/scenarios-v2/v2_swa_sgd_cos.json" with { type: "json" };

before(async () => { await init(); });

test("a doctored val_loss FAILs naming the validation run", async () => {
  const s = structuredClone(plateau) as any;
  s.expect.vals[2].val_loss *= 1.01;
  const r = await runScenario(s, fulgur, "doctored");
  assert.equal(r.status, "FAIL", formatResult(r));
  assert.match(r.detail!, /^vals\[2\] \(epoch 2, batch 2\)\.val_loss: got/);
});

test("a scenario whose validation data is removed FAILs at the first missing val event", async () => {
  const s = structuredClone(plateau) as any;
  delete s.val;
  s.schedulers = [];
  const r = await runScenario(s, fulgur, "no val");
  assert.equal(r.status, "FAIL");
  assert.match(r.detail!, /events\[\d+\]: got .*want \["val",0,2,null\]/);
});

test("an accumulation schedule Lightning rejects is matched as an error scenario", async () => {
  const s = structuredClone(accumulate) as any;
  s.name = "error_v2_accumulate_factor_zero";
  s.trainer.accumulate_grad_batches = { "0": 1, "2": 0 };
  s.expect = { lightning: "1.9.5", torch: "1.13.1", error: "MisconfigurationException: Accumulation factor should be an int greater than 0. Got [1, 0]." };
  const r = await runScenario(s, fulgur, "error");
  assert.equal(r.status, "PASS", formatResult(r));
});

test("the SWA scenario records no sched event although its SWALR steps every epoch", async () => {
  const r = await runScenario(structuredClone(swa), fulgur, "swa");
  assert.equal(r.status, "PASS", formatResult(r));
  assert.deepEqual((swa as any).expect.events.filter((e: unknown[]) => e[0] === "sched"), []);
});
