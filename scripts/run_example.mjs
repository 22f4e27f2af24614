// Runs a TypeScript example on Node: builds the WASM module, bundles the example with
// esbuild into build/examples/, and runs it.
import { execFileSync, spawnSync } from "node:child_process";
import { basename } from "node:path";
import { bundle } from "./bundle.mjs";

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/run_example.mjs examples/<name>.ts [args...]");
  process.exit(2);
}
execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
const name = basename(file).replace(/\.ts$/, "");
await bundle({ [name]: file }, "build/examples");
const r = spawnSync(process.execPath, [`build/examples/${name}.mjs`, ...args], { stdio: "inherit" });
process.exit(r.status ?? 1);
