// Every public conformance scenario on webgpu (Node: Dawn, SwiftShader without a GPU), through
// the runner's in-process API: webgpu is active, so the runner's Trainer uses accelerator
// "webgpu", the recorder reads parameters and losses with `await data()` in onTrainBatchEnd,
// and a training step makes no synchronous read. Results are compared within each scenario's
// tolerance (GPU float order differs from WASM: not bit-identical).
// A scenario whose optimizer has no WGSL update yet (ts/gpu/optim) must fail with the error
// naming that. LBFGS passes: its host reads are asynchronous here (`await opt.step(...)`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fulgur } from "../../tools/conformance/lib.ts";
import { runScenario } from "../../tools/conformance/run_scenario.ts";
import { formatResult } from "../../tools/conformance/report.ts";
import { hasGpuUpdate } from "../../ts/gpu/optim/index.ts";
import { publicLrFinds, publicScenarios } from "../conformance/public_scenarios.ts";
import { runLrFind } from "../../tools/conformance/run_lr_find.ts";
import { setupGpu } from "./gpu_setup.ts";

const skip = (await setupGpu()) ?? false;

function expectedFailure(raw: unknown): RegExp | null {
  const types = ((raw as { optimizers?: Array<{ type: string }> }).optimizers ?? []).map((o) => o.type);
  const missing = types.find((t) => t !== "LBFGS" && !hasGpuUpdate(t));
  return missing ? new RegExp(`${missing} has no WebGPU update yet`) : null;
}

for (const { source, raw } of publicScenarios) {
  const name = source.replace(/\.json$/, "");
  const failure = expectedFailure(raw);
  test(`conformance on webgpu: ${name}${failure ? " (fails clearly: no GPU path yet)" : ""}`, { skip }, async () => {
    const r = await runScenario(structuredClone(raw), fulgur, source);
    if (failure === null) assert.equal(r.status, "PASS", formatResult(r));
    else assert.match(r.detail ?? "", failure, formatResult(r));
  });
}

// LR-finder references (FORMAT.md, end): the search, its suggestion and the restored weights on webgpu
for (const { source, raw } of publicLrFinds) {
  test(`lr_find on webgpu: ${source}`, { skip }, async () => {
    const ref = raw as { scenario: string };
    const scenario = publicScenarios.find((s) => (s.raw as { name?: string }).name === ref.scenario)?.raw ?? null;
    const r = await runLrFind(structuredClone(raw) as any, structuredClone(scenario), fulgur, source);
    assert.equal(r.status, "PASS", formatResult(r));
  });
}
