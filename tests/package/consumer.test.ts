// A fresh project installs the packed tarball and runs the quick start under Node, Deno and
// Bun; its user code type-checks under strict nodenext / bundler resolution and deno check, with
// common mistakes as compile errors. The README's quick start, as printed, runs from a project
// that npm installed (Node), `deno install`ed and `bun add`ed the tarball.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, consumer, ensureConsumer, notOnNodeReason, repo, run, tarball, work } from "./support.ts";

const skip = notOnNodeReason() ?? undefined;

before(async () => {
  if (skip) return;
  await ensureConsumer();
  // Node 20 runs no TypeScript: the same program with its types stripped (not bundled).
  const esbuild = await import(join(repo, "node_modules", "esbuild", "lib", "main.js"));
  const { code } = await esbuild.transform(readFileSync(join(consumer, "quickstart.ts"), "utf8"), { loader: "ts", format: "esm" });
  writeFileSync(join(consumer, "quickstart.mjs"), code);
  // The README's quick start exactly as printed (its first ts block that builds a Trainer).
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)\n```/g;
  for (let m = block.exec(readme); m; m = block.exec(readme)) {
    if (m[1].includes("new Trainer(")) {
      readmeQuickstart = m[1];
      break;
    }
  }
  writeFileSync(join(consumer, "readme_quickstart.ts"), readmeQuickstart);
  writeFileSync(join(consumer, "readme_quickstart.mjs"), (await esbuild.transform(readmeQuickstart, { loader: "ts", format: "esm" })).code);
});

let readmeQuickstart = "";

/** A fresh project (its own folder and package.json) holding the README's quick start. */
function freshProject(name: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }, null, 2));
  writeFileSync(join(dir, "readme_quickstart.ts"), readmeQuickstart);
  return dir;
}

/** The quick start's output: the model summary, one progress line per epoch (no TTY here) with loss=, the test loss. */
function checkReadmeQuickstart(r: { status: number | null; stdout: string; stderr: string }): void {
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Total estimated model params size \(MB\)/);
  const epochs = r.stdout.split("\n").filter((l) => l.startsWith("Epoch "));
  assert.equal(epochs.length, 20, r.stdout);
  assert.match(epochs[19], /^Epoch 19: 100% 8\/8 \[.*it\/s, loss=[\d.e+-]+\]$/);
  const m = /test loss ([\d.e-]+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) < 0.5, `test loss ${m[1]} after 20 epochs of y = 0.5a - 2b + c`);
}

test("node runs the README's quick start as printed (types stripped) from the npm-installed package", { skip, timeout: 240_000 }, () => {
  checkReadmeQuickstart(run(process.execPath, ["readme_quickstart.mjs"], consumer, 240_000));
});

test("deno install of the unpacked tarball, then the README's quick start as printed", { skip: skip ?? (existsSync(bin("deno")) ? undefined : "node_modules/.bin/deno is missing"), timeout: 240_000 }, () => {
  const dir = freshProject("deno-consumer");
  // Deno installs a local package from a folder (a file: tarball would be linked as it is): the tarball unpacked.
  const unpacked = join(work, "deno-unpacked");
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  const tar = run("tar", ["xzf", tarball, "-C", unpacked]);
  assert.equal(tar.status, 0, tar.stderr);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ ...pkg, dependencies: { fulgur: `file:${join(unpacked, "package")}` } }, null, 2));
  const install = run(bin("deno"), ["install"], dir);
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.ok(existsSync(join(dir, "node_modules", "fulgur", "dist", "fulgur.mjs")));
  checkReadmeQuickstart(run(bin("deno"), ["run", "-A", "readme_quickstart.ts"], dir, 240_000));
});

test("bun add of the tarball, then the README's quick start as printed", { skip: skip ?? (existsSync(bin("bun")) ? undefined : "node_modules/.bin/bun is missing"), timeout: 240_000 }, () => {
  const dir = freshProject("bun-consumer");
  const add = run(bin("bun"), ["add", tarball], dir);
  assert.equal(add.status, 0, add.stdout + add.stderr);
  assert.ok(existsSync(join(dir, "node_modules", "fulgur", "dist", "fulgur.mjs")));
  checkReadmeQuickstart(run(bin("bun"), ["readme_quickstart.ts"], dir, 240_000));
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

test("deno check accepts the user code and the README quick start", { skip: skip ?? (existsSync(bin("deno")) ? undefined : "node_modules/.bin/deno is missing") }, () => {
  const r = run(bin("deno"), ["check", "quickstart.ts", "readme_quickstart.ts", "types/user_code.ts", "types/optimizer_config.ts"], consumer);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
