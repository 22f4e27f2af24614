// `npm run conformance -- [--runtime node|deno|bun] [--backend ...] [--filter TEXT] PATH...`:
// builds the WASM module, bundles tools/conformance/main.ts into build/conformance/ and runs it
// under the chosen runtime. Scenario paths are resolved here so every runtime sees the same files.
import { execFileSync, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { bundle } from "../../scripts/bundle.mjs";

const argv = process.argv.slice(2);
let runtime = "node";
const rest = [];
let sawPath = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--runtime") runtime = argv[++i];
  else if (argv[i] === "--backend" || argv[i] === "--filter") rest.push(argv[i], argv[++i]);
  else if (argv[i] === "--digest-out") rest.push(argv[i], resolve(argv[++i]));
  else { rest.push(argv[i].startsWith("--") ? argv[i] : resolve(argv[i])); sawPath ||= !argv[i].startsWith("--"); }
}
if (!sawPath) rest.push(resolve("../shared/conformance/scenarios"));

const commands = {
  node: [process.execPath],
  deno: ["node_modules/.bin/deno", "run", "--allow-read", "--allow-env", "--allow-write"],
  bun: ["node_modules/.bin/bun"],
};
if (!commands[runtime]) {
  console.error(`--runtime ${runtime} is not supported yet (supported: ${Object.keys(commands).join(", ")})`);
  process.exit(2);
}

execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
// keepNames: error scenarios compare exception class names, which bundling must not rename.
await bundle({ main: "tools/conformance/main.ts" }, "build/conformance", { keepNames: true });
const [cmd, ...pre] = commands[runtime];
const r = spawnSync(cmd, [...pre, "build/conformance/main.mjs", ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
