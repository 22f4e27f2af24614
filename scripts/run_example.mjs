// Runs a TypeScript example on Node: builds the WASM module, bundles the example with
// esbuild into build/examples/, and runs it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { bundle } from "./bundle.mjs";

let [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/run_example.mjs examples/<name>.ts | <name> [args...]");
  process.exit(2);
}
// a bare name (`npm run example -- digits_cnn`) is looked up as examples/**/<name>.ts
if (!existsSync(file)) {
  const find = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name === `${file.replace(/\.ts$/, "")}.ts` ? [join(dir, e.name)] : []);
  const hits = find("examples");
  if (hits.length !== 1) {
    console.error(hits.length ? `${file}: several examples match: ${hits.join(", ")}` : `${file}: no such example file or examples/**/${file}.ts`);
    process.exit(2);
  }
  file = hits[0];
}
execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });
const name = basename(file).replace(/\.ts$/, "");
await bundle({ [name]: file }, "build/examples");
const r = spawnSync(process.execPath, [`build/examples/${name}.mjs`, ...args], { stdio: "inherit" });
process.exit(r.status ?? 1);
