// Runs every public conformance scenario in-process on the current backend (fulgur-wasm):
// none may FAIL; a SKIP is allowed only for a class another layer has not exported yet.
// A doctored copy of a scenario must FAIL through the same runner.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import { publicScenarios } from "./public_scenarios.ts";
import plain from "../../../shared/conformance/scenarios/auto_sgd_plain.json" with { type: "json" };

before(async () => {
  await init();
});

for (const { source, raw } of publicScenarios) {
  test(`conformance: ${source}`, async () => {
    const r = await runScenario(raw, fulgur, source);
    if (r.status === "SKIP") assert.match(r.detail ?? "", /^not exported yet: /, formatResult(r));
    else assert.equal(r.status, "PASS", formatResult(r));
  });
}

test("a doctored scenario FAILs and names the doctored number", async () => {
  const doctored = structuredClone(plain) as any;
  doctored.expect.final.params["net.0.bias"][1] += 0.01;
  const r = await runScenario(doctored, fulgur, "doctored auto_sgd_plain");
  assert.equal(r.status, "FAIL", formatResult(r));
  assert.match(r.detail!, /final\.params\["net\.0\.bias"\]\[1\]/);
});
