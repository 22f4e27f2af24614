// The runner's own checks, without a trainer: comparison, error matching, validation and
// reporting. A recorded `expect` compared with itself passes; a doctored copy must fail and
// the message must point at the doctored number.
import { test } from "node:test";
import assert from "node:assert/strict";
import recorded from "../../../shared/conformance/scenarios/auto_sgd_momentum_dampening_steplr.json" with { type: "json" };
import errorScenario from "../../../shared/conformance/scenarios/error_clip_per_optimizer_with_trainer_val.json" with { type: "json" };
import { firstMismatch, type Recording } from "../../tools/conformance/compare.ts";
import { validateScenario, ScenarioError, type Scenario } from "../../tools/conformance/scenario.ts";
import { errorMismatch, keyWords } from "../../tools/conformance/error_match.ts";
import { formatResult, summaryLine, anyFailed } from "../../tools/conformance/report.ts";

const scenario = validateScenario(structuredClone(recorded), "auto_sgd_momentum_dampening_steplr.json");
const asRecording = (s: Scenario): Recording => structuredClone({
  batches: s.expect!.batches!, events: s.expect!.events!, final: s.expect!.final!,
});

test("a recording equal to expect has no mismatch", () => {
  assert.equal(firstMismatch(asRecording(scenario), scenario.expect!), null);
});

test("a parameter off by more than the tolerance is the first mismatch, with field, batch, index, got and want", () => {
  const got = asRecording(scenario);
  const want = got.batches[3].params["net.0.weight"][2];
  got.batches[3].params["net.0.weight"][2] = want + 1e-3;
  const m = firstMismatch(got, scenario.expect!);
  assert.ok(m, "doctored recording must fail");
  assert.match(m, /batches\[3\] \(epoch \d+, batch \d+\)\.params\["net\.0\.weight"\]\[2\]/);
  assert.ok(m.includes(String(want)), m);
});

test("a difference within atol + rtol*|want| passes", () => {
  const got = asRecording(scenario);
  const { rtol, atol } = scenario.expect!.tolerance!;
  const w = got.final.params["net.0.bias"][0];
  got.final.params["net.0.bias"][0] = w + 0.5 * (atol + rtol * Math.abs(w));
  assert.equal(firstMismatch(got, scenario.expect!), null);
});

test("a missing event is reported before the numbers it explains", () => {
  const got = asRecording(scenario);
  const i = got.events.findIndex((e) => e[0] === "step");
  got.events.splice(i, 1);
  got.batches[0].losses[0] += 1; // also wrong, but the event comes first
  assert.match(firstMismatch(got, scenario.expect!)!, /^events\[\d+\]: got .*, want \["step",0,0,0\]/);
});

test("lrs, global_step, losses and callback_metrics are compared", () => {
  const cases: Array<[(r: Recording) => void, RegExp]> = [
    [(r) => { r.batches[1].lrs[0][0] *= 1.01; }, /batches\[1\].*\.lrs\[0\]\[0\]/],
    [(r) => { r.batches[2].global_step += 1; }, /batches\[2\].*\.global_step: got/],
    [(r) => { r.batches[0].losses.push(0.5); }, /batches\[0\].*\.losses: length/],
    [(r) => { r.final.callback_metrics.loss += 1; }, /final\.callback_metrics\["loss"\]/],
    [(r) => { r.batches.pop(); }, /batches: \d+ recorded, want \d+/],
    [(r) => { r.final.params["net.2.bias"][0] = NaN; }, /final\.params\["net\.2\.bias"\]\[0\]: got NaN/],
  ];
  for (const [doctor, want] of cases) {
    const got = asRecording(scenario);
    doctor(got);
    assert.match(firstMismatch(got, scenario.expect!) ?? "(passed)", want);
  }
});

test("a malformed scenario names the offending key", () => {
  const bad = structuredClone(recorded) as any;
  delete bad.init["net.2.bias"];
  assert.throws(() => validateScenario(bad, "x.json"), (e: unknown) => e instanceof ScenarioError && /`init\.net\.2\.bias` is missing/.test((e as Error).message));
  const bad2 = structuredClone(recorded) as any;
  bad2.optimizers[0].loss = "nope";
  assert.throws(() => validateScenario(bad2, "x.json"), /`optimizers\[0\]\.loss` must name a loss term/);
  const bad3 = structuredClone(recorded) as any;
  bad3.modules.net[0] = ["conv", 1, 2];
  assert.throws(() => validateScenario(bad3, "x.json"), /`modules\.net\[0\]` has unknown layer kind "conv"/);
});

class MisconfigurationException extends Error { name = "MisconfigurationException"; }
class ValueError extends Error { name = "ValueError"; }

test("error matching: same type, key words in camelCase, same point", () => {
  const s = validateScenario(structuredClone(errorScenario), "e.json");
  const want = s.expect!.error!;
  assert.deepEqual(keyWords(want.slice(want.indexOf(": ") + 2)).sort(), ["Trainer", "clip", "clip_gradients", "gradient_clip_val"].sort());
  const good = new MisconfigurationException("You have set `Trainer({ gradientClipVal: 0.5 })` and have passed `clipGradients({ gradientClipVal: 1 })`. Please use only one of them.");
  const during = { batchesStarted: 1, batchesEnded: 0 };
  assert.equal(errorMismatch(s, want, good, during), null);
  assert.match(errorMismatch(s, want, new ValueError(good.message), during)!, /error type: got ValueError/);
  assert.match(errorMismatch(s, want, new MisconfigurationException("gradient clipping is misconfigured"), during)!, /does not mention/);
  assert.match(errorMismatch(s, want, good, { batchesStarted: 0, batchesEnded: 0 })!, /wrong point/);
});

test("reporting: one line per result and the exact summary", () => {
  const results = [
    { name: "a", status: "PASS" as const },
    { name: "b", status: "FAIL" as const, detail: "final.global_step: got 1, want 2" },
    { name: "c", status: "SKIP" as const, detail: "not exported yet: NAdam (ts/optim/index.ts)" },
  ];
  assert.deepEqual(results.map(formatResult), ["PASS a", "FAIL b: final.global_step: got 1, want 2", "SKIP c: not exported yet: NAdam (ts/optim/index.ts)"]);
  assert.equal(summaryLine(results), "1 passed, 1 failed, 1 skipped");
  assert.equal(anyFailed(results), true);
  assert.equal(anyFailed(results.filter((r) => r.status !== "FAIL")), false);
});
