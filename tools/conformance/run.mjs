// `npm run conformance -- [--runtime node|deno|bun|chromium] [--backend ...] [--filter TEXT] PATH...`:
// builds the WASM module, bundles tools/conformance/main.ts into build/conformance/ and runs it
// under the chosen runtime. Scenario paths are resolved here so every runtime sees the same files.
// Chromium: main_browser.ts is bundled for the browser and chromium_host.ts (Node) drives it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { bundle, bundleBrowser } from "../../scripts/bundle.mjs";
import { CHROMIUM } from "../../scripts/browser/chromium_flags.mjs";

const argv = process.argv.slice(2);
let runtime = "node";
const rest = [];
let backend = "fulgur-wasm";
let sawPath = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--runtime") runtime = argv[++i];
  else if (argv[i] === "--backend") { backend = argv[i + 1]; rest.push(argv[i], argv[++i]); }
  else if (argv[i] === "--filter") rest.push(argv[i], argv[++i]);
  else if (argv[i] === "--threads") rest.push(argv[i], argv[++i]);
  else if (argv[i] === "--digest-out") rest.push(argv[i], resolve(argv[++i]));
  else if (argv[i] === "--resume-from") rest.push(argv[i], resolve(argv[++i]));
  else { rest.push(argv[i].startsWith("--") ? argv[i] : resolve(argv[i])); sawPath ||= !argv[i].startsWith("--"); }
}
// default: every public scenario folder and the LR-finder references
if (!sawPath) for (const d of ["scenarios", "scenarios-v2", "scenarios-v3", "lr_find"]) rest.push(resolve("../shared/conformance", d));

// Deno exposes navigator.gpu only behind --unstable-webgpu (it finds a Vulkan driver itself:
// lavapipe from mesa-vulkan-drivers, or the one VK_ICD_FILENAMES names).
const denoGpu = backend === "webgpu" ? ["--unstable-webgpu"] : [];
const commands = {
  node: [process.execPath, "build/conformance/main.mjs"],
  deno: ["node_modules/.bin/deno", "run", ...denoGpu, "--allow-read", "--allow-env", "--allow-write", "build/conformance/main.mjs"],
  bun: ["node_modules/.bin/bun", "build/conformance/main.mjs"],
  chromium: [process.execPath, "build/conformance/chromium_host.mjs"],
};
if (!commands[runtime]) {
  console.error(`--runtime ${runtime} is not supported (supported: ${Object.keys(commands).join(", ")})`);
  process.exit(2);
}
if (runtime === "chromium" && !existsSync(CHROMIUM)) {
  console.error(`--runtime chromium needs Chromium at ${CHROMIUM}, which is missing (Debian: apt-get install chromium)`);
  process.exit(2);
}

execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
// keepNames: error scenarios compare exception class names, which bundling must not rename.
if (runtime === "chromium") {
  await bundleBrowser({ main_browser: "tools/conformance/main_browser.ts" }, "build/conformance/browser", { keepNames: true });
  // playwright-core stays a run-time import from node_modules.
  await bundle({ chromium_host: "tools/conformance/chromium_host.ts" }, "build/conformance", { keepNames: true, external: ["playwright-core"] });
} else {
  await bundle({ main: "tools/conformance/main.ts" }, "build/conformance", { keepNames: true });
}
const [cmd, ...pre] = commands[runtime];
const r = spawnSync(cmd, [...pre, ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
