// A script that used threads exits by itself on Node, Deno and Bun: the pool's idle workers are
// unref()ed (node:worker_threads on all three), so no shutdownThreads() is needed. Each script
// runs in a child process with a timeout; a child still alive when it ends fails the test.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bin, ensureDist, notOnNodeReason, repo, run } from "./support.ts";

const skip = notOnNodeReason();
if (!skip) before(ensureDist, { timeout: 300_000 });

const DIST = pathToFileURL(join(repo, "dist", "fulgur.mjs")).href;
const EXIT_TIMEOUT_MS = 60_000;

// A 512×512 matmul is well above the split threshold: the pool really runs it.
const work = `
f.manualSeed(1);
const a = f.randn([512, 512]);
const s = a.matmul(a).sum().item();
const { availableParallelism } = await import("node:os");
console.log(JSON.stringify({ threads: f.getNumThreads(), cores: availableParallelism(), finite: Number.isFinite(s) }));
`;

const scripts: Record<string, string> = {
  // init({ threads: 2 }), a split matmul, then the end of the script
  explicit: `const f = await import(${JSON.stringify(DIST)});\nawait f.init({ threads: 2 });\n${work}`,
  // the default (cores, at most 8), started at import and awaited by init()
  default: `const f = await import(${JSON.stringify(DIST)});\nawait f.init();\n${work}`,
  // import only: the workers may still be starting when the script ends
  importOnly: `const f = await import(${JSON.stringify(DIST)});\nconsole.log(JSON.stringify({ threads: f.getNumThreads(), cores: 0, finite: true }));\n`,
};

const runtimes: Record<string, (file: string) => [string, string[]]> = {
  node: (file) => [process.execPath, [file]],
  deno: (file) => [bin("deno"), ["run", "-A", file]],
  bun: (file) => [bin("bun"), [file]],
};

for (const [runtime, cmd] of Object.entries(runtimes)) {
  test(`${runtime}: scripts that used threads exit by themselves`, { skip: skip ?? false, timeout: 4 * EXIT_TIMEOUT_MS }, () => {
    const dir = mkdtempSync(join(tmpdir(), "fulgur-exit-"));
    try {
      for (const [name, source] of Object.entries(scripts)) {
        const file = join(dir, `${name}.mjs`);
        writeFileSync(file, source);
        const [exe, args] = cmd(file);
        const t0 = Date.now();
        const r = run(exe, args, EXIT_TIMEOUT_MS);
        assert.ok(r.status !== null, `${runtime} ${name}: still running after ${Date.now() - t0} ms (killed): a worker kept it alive\n${r.stderr}`);
        assert.equal(r.status, 0, `${runtime} ${name}: exit ${r.status}\n${r.stderr}\n${r.stdout}`);
        const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { threads: number; cores: number; finite: boolean };
        assert.ok(out.finite, `${runtime} ${name}: the product is not finite`);
        if (name === "explicit") assert.equal(out.threads, 2, `${runtime}: init({ threads: 2 }) runs ${out.threads}`);
        if (name === "default") assert.equal(out.threads, Math.min(8, out.cores), `${runtime}: the default runs ${out.threads} threads on ${out.cores} cores`);
        assert.doesNotMatch(r.stderr, /fulgur: running on 1 thread/, `${runtime} ${name}: ${r.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
