// The package as published: `npm publish --dry-run` and `deno publish --dry-run` succeed, the
// tarball holds only the public bundles, maps and declarations, and an install stays lean.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bin, consumer, du, ensureConsumer, notOnNodeReason, repo, run, tarball } from "./support.ts";

const skip = notOnNodeReason() ?? undefined;

before(async () => { if (!skip) await ensureConsumer(); });

test("package.json is publishable: no private, a license file, true engines, metadata", { skip }, () => {
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.license, "MIT");
  assert.match(readFileSync(join(repo, "LICENSE"), "utf8"), /^MIT License/);
  assert.ok(pkg.repository?.url && pkg.homepage && pkg.keywords?.length > 3);
  assert.deepEqual(pkg.dependencies ?? {}, {}, "tfjs is bundled: an install needs no dependency");
  assert.equal(pkg.peerDependenciesMeta?.webgpu?.optional, true);
  // engines says >= 20.19: require(esm) works from there, and the bundle has no top-level await.
  assert.equal(pkg.engines.node, ">=20.19");
  const r = run(process.execPath, ["-e", 'const f = require("fulgur"); if (typeof f.Trainer !== "function") process.exit(3)'], consumer);
  assert.equal(r.status, 0, r.stderr);
  const deno = JSON.parse(readFileSync(join(repo, "deno.json"), "utf8"));
  assert.equal(deno.name, "@fulgur/fulgur");
  assert.equal(deno.version, pkg.version);
});

test("npm publish --dry-run is clean and ships only the public files", { skip }, () => {
  const r = run("npm", ["publish", "--dry-run", "--ignore-scripts", "--json"], repo);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
  const files: string[] = (report.fulgur ?? report).files.map((f: { path: string }) => f.path).sort();
  assert.deepEqual(files, [
    "CHANGELOG.md", "LICENSE", "README.md",
    "dist/fulgur.browser.d.ts", "dist/fulgur.browser.mjs", "dist/fulgur.browser.mjs.map",
    "dist/fulgur.d.ts", "dist/fulgur.mjs", "dist/fulgur.mjs.map", "package.json",
  ]);
  // The one warning a dry run without an npm login always prints is not about the package.
  const warnings = r.stderr.split("\n").filter((l) => /npm (warn|error)/i.test(l) && !/requires you to be logged in/.test(l));
  assert.deepEqual(warnings, []);
});

test("deno publish --dry-run succeeds (JSR)", { skip: skip ?? (existsSync(bin("deno")) ? undefined : "node_modules/.bin/deno is missing") }, () => {
  const r = run(bin("deno"), ["publish", "--dry-run", "--allow-dirty"], repo);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /Success.*Dry run complete/);
  assert.doesNotMatch(r.stdout + r.stderr, /\berror\b/i);
});

test("the install is lean: ≤ 10 MB of node_modules, no tfjs package, declarations self-contained", { skip }, () => {
  const nm = du(join(consumer, "node_modules"));
  assert.ok(nm.bytes <= 10 * 1024 * 1024, `node_modules is ${(nm.bytes / 1048576).toFixed(1)} MB`);
  assert.ok(!existsSync(join(consumer, "node_modules", "@tensorflow")));
  const dts = readFileSync(join(consumer, "node_modules", "fulgur", "dist", "fulgur.d.ts"), "utf8");
  assert.doesNotMatch(dts, /from\s+["'](@tensorflow|\.{1,2}\/)/);
  assert.doesNotMatch(dts, /@internal/);
  assert.ok(readFileSync(tarball).length < 4 * 1024 * 1024);
  // Source maps are linked, so a stack trace can point at fulgur's TypeScript sources.
  assert.match(readFileSync(join(consumer, "node_modules", "fulgur", "dist", "fulgur.mjs"), "utf8").slice(-200), /sourceMappingURL=fulgur\.mjs\.map/);
  console.log(`install: ${(nm.bytes / 1048576).toFixed(1)} MB in ${nm.files} files; tarball ${(readFileSync(tarball).length / 1048576).toFixed(2)} MB`);
});
