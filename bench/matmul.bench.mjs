// node bench/matmul.bench.mjs — builds fulgur.wasm, bundles bench/matmul_bench.ts into
// build/bench/ (tfjs packages stay external so all backends share one tfjs-core) and runs it.
import { execFileSync, spawnSync } from "node:child_process";
import { bundle } from "../scripts/bundle.mjs";

execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
await bundle({ matmul_bench: "bench/matmul_bench.ts" }, "build/bench", {
  platform: "node",
  external: ["node:*", "@tensorflow/*"],
});
const r = spawnSync(process.execPath, ["build/bench/matmul_bench.mjs"], { stdio: "inherit" });
process.exit(r.status ?? 1);
