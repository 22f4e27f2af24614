// npm test: builds the WASM module, bundles every tests/**/*.test.ts into build/tests/,
// and runs them with node --test (more runtimes join in as they are wired up).
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { bundle } from "./bundle.mjs";

execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let tests = findTests("tests").sort();
if (filter.length) tests = tests.filter((t) => filter.some((f) => t.includes(f)));
rmSync("build/tests", { recursive: true, force: true });
const entries = Object.fromEntries(tests.map((t) => [relative("tests", t).replace(/\.ts$/, "").replaceAll("/", "__"), t]));
await bundle(entries, "build/tests");

const files = Object.keys(entries).map((k) => join("build/tests", k + ".mjs"));
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
