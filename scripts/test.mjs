// npm test: builds the WASM module, bundles every tests/**/*.test.ts into build/tests/,
// and runs the same bundles under Node (node --test), Deno (deno test -A) and Bun (bun test).
//
//   node scripts/test.mjs [--runtime node|deno|bun]... [substring...]
// With a substring and no --runtime, only Node runs.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, statSync, rmSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { bundle } from "./bundle.mjs";

const argv = process.argv.slice(2);
const runtimes = [];
const filters = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--runtime") runtimes.push(argv[++i]);
  else filters.push(argv[i]);
}
// A filtered run (a developer iterating) is Node only unless runtimes are named.
if (runtimes.length === 0) runtimes.push(...(filters.length ? ["node"] : ["node", "deno", "bun"]));

execFileSync(process.execPath, ["scripts/build_wasm.mjs"], { stdio: "inherit" });

// The full suite also type-checks everything (esbuild strips types without checking them).
let typeErrors = false;
if (filters.length === 0) {
  console.log("=== tsc --noEmit ===");
  // tsconfig.check.json maps "fulgur" to the sources (a fresh clone has no dist/ types yet); it
  // is separate because Bun applies tsconfig.json's paths at run time.
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.check.json"], { stdio: "inherit" });
  typeErrors = tsc.status !== 0;
  console.log(typeErrors ? "=== tsc: type errors (above) ===" : "=== tsc: no type errors ===");
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

let tests = findTests("tests").sort();
if (filters.length) tests = tests.filter((t) => filters.some((f) => t.includes(f)));
if (tests.length === 0) {
  console.error(`no test matches ${filters.join(" ")}`);
  process.exit(1);
}
// One folder per run: several runs may share a checkout.
const outdir = join("build", "tests", String(process.pid));
rmSync(outdir, { recursive: true, force: true });
// Flat names: every bundle sits beside fulgur.wasm.
const entries = Object.fromEntries(tests.map((t) => [relative("tests", t).replace(/\.ts$/, "").replaceAll("/", "__"), t]));
await bundle(entries, outdir);
const files = Object.keys(entries).map((k) => join(outdir, k + ".mjs"));

const bin = (name) => join("node_modules", ".bin", name);

// Each runner prints its own report; we read its counts from the output we tee.
const runners = {
  node: {
    cmd: [process.execPath, "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
    counts: (out) => ({ pass: lastNumber(out, /^ℹ pass (\d+)/gm), fail: lastNumber(out, /^ℹ fail (\d+)/gm) }),
  },
  deno: {
    cmd: [bin("deno"), "test", "-A", "--no-check", ...files],
    counts: (out) => {
      const m = [...out.matchAll(/(\d+) passed.*?\| (\d+) failed/g)].pop();
      return m ? { pass: +m[1], fail: +m[2] } : { pass: 0, fail: NaN };
    },
  },
  bun: {
    cmd: [bin("bun"), "test", ...files.map((f) => "./" + f)],
    counts: (out) => ({ pass: lastNumber(out, /^\s*(\d+) pass$/gm), fail: lastNumber(out, /^\s*(\d+) fail$/gm) }),
  },
};

function lastNumber(text, re) {
  const m = [...text.matchAll(re)].pop();
  return m ? Number(m[1]) : NaN;
}

let pass = 0;
let fail = 0;
let broken = false;
for (const rt of runtimes) {
  const runner = runners[rt];
  if (!runner) throw new Error(`unknown runtime ${rt} (node, deno, bun)`);
  if (rt !== "node" && !existsSync(runner.cmd[0])) {
    console.error(`${rt}: ${runner.cmd[0]} is missing (npm install brings it)`);
    broken = true;
    continue;
  }
  console.log(`\n=== ${rt}: ${files.length} test files ===`);
  const r = spawnSync(runner.cmd[0], runner.cmd.slice(1), {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  const c = runner.counts((r.stdout ?? "") + (r.stderr ?? ""));
  console.log(`=== ${rt}: ${c.pass} passed, ${c.fail} failed (exit ${r.status}) ===`);
  if (r.status !== 0 || !Number.isFinite(c.pass) || !Number.isFinite(c.fail)) broken = true;
  pass += Number.isFinite(c.pass) ? c.pass : 0;
  fail += Number.isFinite(c.fail) ? c.fail : 0;
}
rmSync(outdir, { recursive: true, force: true });
if (typeErrors) fail += 1; // the type check counts as one failed test
console.log(`\nall runtimes (${runtimes.join(", ")}):`);
console.log(`${pass} passed, ${fail} failed`);
process.exit(broken || typeErrors || fail > 0 ? 1 : 0);
