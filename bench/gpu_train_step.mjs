// node bench/gpu_train_step.mjs — builds fulgur.wasm, bundles bench/gpu_train_step.ts into
// build/bench/ (one bundled tfjs-core for every backend; only the `webgpu` addon stays external) and
// runs it. Environment: STEPS (default 5), WARMUP (default 2); on a machine without a GPU,
// Dawn falls back to SwiftShader (slow: figures only).
import { execFileSync, spawnSync } from "node:child_process";
import { bundle } from "../scripts/bundle.mjs";

execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
await bundle({ gpu_train_step: "bench/gpu_train_step.ts" }, "build/bench", {
  platform: "node",
  external: ["node:*", "webgpu"],
});
const r = spawnSync(process.execPath, ["build/bench/gpu_train_step.mjs"], { stdio: "inherit" });
process.exit(r.status ?? 1);
