// The LR-finder references (../shared/conformance/lr_find/, FORMAT.md end) through the runner's
// in-process API on the current backend: the lr sequence exact, the smoothed losses within the
// scenario's tolerance, the suggestion and its index, the initial weights restored. A doctored
// reference must FAIL naming what was changed; a missing scenario must FAIL saying so.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runLrFind, scenarioCandidates } from "../../tools/conformance/run_lr_find.ts";
import { runScenarios } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import { publicLrFinds, publicScenarios } from "./public_scenarios.ts";

before(async () => {
  await init();
});

const scenarioNamed = (name: string): unknown =>
  structuredClone(publicScenarios.find((s) => (s.raw as { name?: string }).name === name)?.raw ?? null);

test("there are LR-finder references, each naming a public scenario", () => {
  assert.ok(publicLrFinds.length >= 2);
  for (const { raw } of publicLrFinds) assert.notEqual(scenarioNamed((raw as { scenario: string }).scenario), null);
});

for (const { source, raw } of publicLrFinds) {
  test(`lr_find: ${source}`, async () => {
    const r = await runLrFind(structuredClone(raw) as any, scenarioNamed((raw as { scenario: string }).scenario), fulgur, source);
    assert.equal(r.status, "PASS", formatResult(r));
  });
}

test("runScenarios finds an lr_find file's scenario among its sources and runs only the reference", async () => {
  const ref = publicLrFinds[0]!;
  const scenario = publicScenarios.find((s) => (s.raw as { name?: string }).name === (ref.raw as { scenario: string }).scenario)!;
  const results = await runScenarios([ref, { ...scenario, source: `lr_find/../scenarios/${scenario.source}`, auxiliary: true }], fulgur);
  assert.deepEqual(results.map((r) => [r.name, r.status]), [[ref.source.replace(/^.*\//, "").replace(/\.json$/, ""), "PASS"]]);
});

test("scenario lookup: beside the file first, then the sibling scenarios/ folder", () => {
  assert.deepEqual(scenarioCandidates("/a/lr_find/lr_find_x.json", "x"), ["/a/lr_find/x.json", "/a/lr_find/../scenarios/x.json"]);
});

test("a doctored reference FAILs and names the doctored entry; a missing scenario FAILs", async () => {
  const { source, raw } = publicLrFinds[1]!;
  const doctored = structuredClone(raw) as any;
  doctored.expect.loss[3] *= 1.01;
  const r = await runLrFind(doctored, scenarioNamed(doctored.scenario), fulgur, source);
  assert.equal(r.status, "FAIL");
  assert.match(r.detail!, /^loss\[3\]/);
  const idx = structuredClone(raw) as any;
  idx.expect.suggestion_index += 1;
  const r2 = await runLrFind(idx, scenarioNamed(idx.scenario), fulgur, source);
  assert.match(r2.detail ?? "", /suggestion_index/);
  const none = await runLrFind(structuredClone(raw) as any, null, fulgur, source);
  assert.match(none.detail ?? "", /was found neither beside it nor in the sibling scenarios\/ folder/);
});
