// A fresh project installs the packed tarball and runs the quick start under Node, Deno and
// Bun; its user code type-checks under strict nodenext / bundler resolution and deno check, with
// common mistakes as compile errors.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, consumer, ensureConsumer, notOnNodeReason, repo, run } from "./support.ts";

const skip = notOnNodeReason() ?? undefined;

before(async () => {
  if (skip) return;
  await ensureConsumer();
  // Node 20 runs no TypeScript: the same program with its types stripped (not bundled).
  const esbuild = await import(join(repo, "node_modules", "esbuild", "lib", "main.js"));
  const { code } = await esbuild.transform(readFileSync(join(consumer, "quickstart.ts"), "utf8"), { loader: "ts", format: "esm" });
  writeFileSync(join(consumer, "quickstart.mjs"), code);
});

function checkQuickstart(r: { status: number | null; stdout: string; stderr: string }): void {
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.equal(out.globalStep, 6);
  assert.ok(Number.isFinite(out.loss), r.stdout);
}

test("node runs the quick start from the installed package, no init()", { skip }, () => {
  checkQuickstart(run(process.execPath, ["quickstart.mjs"], consumer));
});

test("deno runs the quick start (TypeScript, from node_modules)", { skip: skip ?? (existsSync(bin("deno")) ? undefined : "node_modules/.bin/deno is missing") }, () => {
  checkQuickstart(run(bin("deno"), ["run", "-A", "quickstart.ts"], consumer));
});

test("bun runs the quick start (TypeScript)", { skip: skip ?? (existsSync(bin("bun")) ? undefined : "node_modules/.bin/bun is missing") }, () => {
  checkQuickstart(run(bin("bun"), ["quickstart.ts"], consumer));
});

for (const resolution of ["nodenext", "bundler"]) {
  test(`user code compiles under strict with moduleResolution ${resolution}; mistakes are errors`, { skip }, () => {
    const r = run(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${resolution}.json`], consumer);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}

test("deno check accepts the user code", { skip: skip ?? (existsSync(bin("deno")) ? undefined : "node_modules/.bin/deno is missing") }, () => {
  const r = run(bin("deno"), ["check", "quickstart.ts", "types/user_code.ts", "types/optimizer_config.ts"], consumer);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
