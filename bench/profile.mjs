// node bench/profile.mjs <case> [top] — runs one bundled case under `node --cpu-prof` and
// prints the functions with the most self time (how the README's profiling findings were made).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWasm, bundleCase } from "./run_case.mjs";

const [name, top = "25"] = process.argv.slice(2);
buildWasm();
const file = await bundleCase(name);
const dir = mkdtempSync(join(tmpdir(), "fulgur-prof-"));
spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, file], { stdio: "inherit" });
const prof = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), "utf8"));
// esbuild marks each source file in a bundle with a "// path/to/file.ts" line: map bundle lines back to it.
const bundleLines = readFileSync(file, "utf8").split("\n");
const sourceAt = [];
let current = "";
for (const line of bundleLines) {
  const m = /^\/\/ ((?:ts|bench|node_modules)\/\S+)$/.exec(line);
  if (m) current = m[1].replace(/^node_modules\//, "");
  sourceAt.push(current);
}
const where = (f) => (f.url.endsWith(`${name}.mjs`) ? sourceAt[f.lineNumber] || "bundle" : f.url.split("/").pop());
const dt = new Map(); // node id → sampled µs
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const self = new Map();
let total = 0;
for (const n of prof.nodes) {
  const us = dt.get(n.id) ?? 0;
  total += us;
  const f = n.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${where(f)}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
}
console.log(`\nself time, top ${top} of ${(total / 1e3).toFixed(0)} ms sampled (profile in ${dir})`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${k}`);
}

// Inclusive time of fulgur's own functions (ts/**), counted once per call stack.
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, us] of dt) {
  const seen = new Set();
  for (let n = byId.get(id); n; n = byId.get(parent.get(n.id))) {
    const src = where(n.callFrame);
    if (!src.startsWith("ts/")) continue;
    const key = `${n.callFrame.functionName || "(anonymous)"} ${src}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + us);
  }
}
console.log(`\ninclusive time of ts/** functions, top ${top}`);
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${k}`);
}
