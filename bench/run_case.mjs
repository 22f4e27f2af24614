// Bundles one bench/cases/*.ts entry into build/bench/ and runs it under node; used by
// bench/run.mjs and handy alone: `node bench/run_case.mjs matmul`.
import { execFileSync, spawnSync } from "node:child_process";
import { bundle } from "../scripts/bundle.mjs";
import { RESULT_PREFIX_JS } from "./lib/result_prefix.mjs";

/** Compiles fulgur.wasm and the machine probes (bench/wasm/machine.ts → build/bench/machine.wasm). */
export function buildWasm() {
  execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
  execFileSync(process.execPath, ["node_modules/assemblyscript/bin/asc.js", "bench/wasm/machine.ts",
    "--config", "bench/wasm/asconfig.json", "-o", "build/bench/machine.wasm"], { stdio: "inherit" });
}

export async function bundleCase(name, { external = ["node:*", "@tensorflow/*", "@jax-js/*"] } = {}) {
  await bundle({ [name]: `bench/cases/${name}.ts` }, "build/bench", { platform: "node", external });
  return `build/bench/${name}.mjs`;
}

/** Runs a bundled case with `cmd args… file`, echoes its progress, returns its parsed result (or an error). */
export function runBundled(cmd, args, file, { timeoutMs = 240_000, env = {} } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, [...args, file], { encoding: "utf8", timeout: timeoutMs, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1e3;
  if (r.stderr) process.stderr.write(r.stderr.split("\n").map((l) => (l ? `    ${l}` : l)).join("\n"));
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX_JS));
  if (r.error || r.status !== 0 || !line) {
    const why = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
    return { error: `${[cmd, ...args, file].join(" ")} failed: ${why}`, seconds, output: (r.stdout ?? "").slice(-2000) };
  }
  return { ...JSON.parse(line.slice(RESULT_PREFIX_JS.length)), seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2];
  buildWasm();
  const file = await bundleCase(name);
  console.log(JSON.stringify(runBundled(process.execPath, [], file), null, 2));
}
