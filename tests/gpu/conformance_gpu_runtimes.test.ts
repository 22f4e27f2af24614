// `npm run conformance -- --runtime deno|chromium --backend webgpu` on a representative subset:
// the six optimizers whose WGSL updates came last (Adadelta, Adamax, ASGD, NAdam, RAdam, Rprop),
// clipping on the GPU, a manual closure, an error scenario, and LBFGS (automatic and manual
// closure), which runs with asynchronous host reads there (Deno has no sync GPU read; Chromium's
// canvas readback is refused on a software adapter such as SwiftShader — see ts/gpu/README.md).
// Every line must be PASS. Node only: it drives the other runtimes as child processes.
import { test } from "node:test";
import assert from "node:assert/strict";

const SUBSET = [
  "auto_adadelta_multiplicativelr_step_freq2", "auto_adamax_linearlr_step", "auto_asgd_sequentiallr_step",
  "auto_nadam_constantlr", "auto_radam_polynomiallr_step", "auto_rprop_chainedscheduler", "auto_clip_norm",
  "manual_closure_adam", "error_plateau_missing_metric", "auto_lbfgs", "manual_closure_lbfgs",
];
const NO_ADAPTER = /no WebGPU adapter|offers no WebGPU adapter/;

const g = globalThis as { Deno?: unknown; Bun?: unknown };
const notNode = g.Deno !== undefined || g.Bun !== undefined ? "drives Deno and Chromium from Node only" : null;

interface Run { code: number | null; out: string }

async function conformance(runtime: string): Promise<Run> {
  const { spawnSync } = await import("node:child_process");
  const paths = SUBSET.map((n) => `../shared/conformance/scenarios/${n}.json`);
  const r = spawnSync(process.execPath, ["tools/conformance/run.mjs", "--runtime", runtime, "--backend", "webgpu", ...paths], {
    encoding: "utf8", timeout: 150_000,
  });
  return { code: r.status, out: `${r.stdout ?? ""}\n${r.stderr ?? ""}` };
}

async function missing(path: string): Promise<boolean> {
  const { existsSync } = await import("node:fs");
  return !existsSync(path);
}

function check(runtime: string, run: Run): void {
  const lines = run.out.split("\n").filter((l) => /^(PASS|FAIL|SKIP) /.test(l));
  const summary = run.out.split("\n").find((l) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(l));
  assert.ok(summary, `${runtime}: no summary line (exit ${run.code}):\n${run.out.slice(-3000)}`);
  const seen = new Set<string>();
  for (const line of lines) {
    const [status, rest] = [line.slice(0, 4), line.slice(5)];
    const name = rest.split(":")[0];
    seen.add(name);
    assert.equal(status, "PASS", `${runtime} on webgpu: ${line}`);
  }
  assert.deepEqual([...seen].sort(), [...SUBSET].sort(), `${runtime}: every chosen scenario reports a line`);
  assert.equal(summary, `${SUBSET.length} passed, 0 failed, 0 skipped`, runtime);
}

test("conformance on webgpu under Deno (--unstable-webgpu): the subset passes, LBFGS included", async (t) => {
  if (notNode) return t.skip(notNode);
  if (await missing("node_modules/.bin/deno")) return t.skip("deno is not installed (node_modules/.bin/deno)");
  const run = await conformance("deno");
  if (NO_ADAPTER.test(run.out)) return t.skip("Deno found no WebGPU adapter (install mesa-vulkan-drivers for lavapipe)");
  check("deno", run);
});

test("conformance on webgpu under Chromium (SwiftShader): the subset passes, LBFGS included", async (t) => {
  if (notNode) return t.skip(notNode);
  if (await missing("/usr/bin/chromium")) return t.skip("Chromium is missing (/usr/bin/chromium)");
  const run = await conformance("chromium");
  if (NO_ADAPTER.test(run.out)) return t.skip("Chromium offered no WebGPU adapter");
  check("chromium", run);
});
