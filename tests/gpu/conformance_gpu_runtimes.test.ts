// `npm run conformance -- --runtime deno|chromium --backend webgpu` on every public scenario
// (about 20-30 s each on SwiftShader/lavapipe). LBFGS runs there with asynchronous host reads
// (Deno has no sync GPU read; Chromium's canvas readback is refused on a software adapter such
// as SwiftShader — see ts/gpu/README.md). Every line must be PASS. Node only: it drives the
// other runtimes as child processes.
import { test } from "node:test";
import assert from "node:assert/strict";

const SCENARIO_DIRS = ["scenarios", "scenarios-v2", "scenarios-v3", "lr_find"].map((d) => `../shared/conformance/${d}`);
const NO_ADAPTER = /no WebGPU adapter|offers no WebGPU adapter/;

const g = globalThis as { Deno?: unknown; Bun?: unknown };
const notNode = g.Deno !== undefined || g.Bun !== undefined ? "drives Deno and Chromium from Node only" : null;

interface Run { code: number | null; out: string }

async function conformance(runtime: string): Promise<Run> {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(process.execPath, ["tools/conformance/run.mjs", "--runtime", runtime, "--backend", "webgpu", ...SCENARIO_DIRS], {
    // the /3 scenarios (convolutions, recurrent and attention layers) add about two minutes on a software adapter
    encoding: "utf8", timeout: 600_000,
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
  for (const line of lines) assert.equal(line.slice(0, 4), "PASS", `${runtime} on webgpu: ${line}`);
  assert.ok(lines.length >= 43, `${runtime}: only ${lines.length} scenarios reported`);
  assert.equal(summary, `${lines.length} passed, 0 failed, 0 skipped`, runtime);
}

test("conformance on webgpu under Deno (--unstable-webgpu): every public scenario passes, LBFGS included", async (t) => {
  if (notNode) return t.skip(notNode);
  if (await missing("node_modules/.bin/deno")) return t.skip("deno is not installed (node_modules/.bin/deno)");
  const run = await conformance("deno");
  if (NO_ADAPTER.test(run.out)) return t.skip("Deno found no WebGPU adapter (install mesa-vulkan-drivers for lavapipe)");
  check("deno", run);
});

test("conformance on webgpu under Chromium (SwiftShader): every public scenario passes, LBFGS included", async (t) => {
  if (notNode) return t.skip(notNode);
  if (await missing("/usr/bin/chromium")) return t.skip("Chromium is missing (/usr/bin/chromium)");
  const run = await conformance("chromium");
  if (NO_ADAPTER.test(run.out)) return t.skip("Chromium offered no WebGPU adapter");
  check("chromium", run);
});
