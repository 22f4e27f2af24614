// Docs that run: every ```ts block of README.md and docs/*.md type-checks under strict
// TypeScript against the public API ("fulgur" → the sources), and the README's quick start runs.
// A block without imports is a fragment of a bigger program: it gets fulgur's public names it
// uses imported and the usual context declared (`model`, `trainer`, `trainLoader`, ... below).
// A block that is not TypeScript on purpose (signature lists) is marked ```ts no-check (counted,
// not hidden).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { notOnNodeReason, repo, run } from "./support.ts";
import * as fulgur from "../../ts/index.node.ts";

const skip = notOnNodeReason() ?? undefined;
const out = join(repo, "build", "package", "docs");

interface Block { file: string; line: number; code: string; check: boolean }

function blocks(file: string): Block[] {
  const lines = readFileSync(join(repo, file), "utf8").split("\n");
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^```ts(\s.*)?$/.exec(lines[i]);
    if (!m) continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1] !== "```") i++;
    found.push({ file, line: start, code: lines.slice(start, i + 1).join("\n"), check: !/\bno-check\b/.test(m[1] ?? "") });
    i++;
  }
  return found;
}

const docs = ["README.md", ...readdirSync(join(repo, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const all = docs.flatMap(blocks);
// The context a fragment may assume, as the docs' prose introduces it.
const CONTEXT: Record<string, string> = {
  model: "LightningModule", trainer: "Trainer", optimizer: "SGD",
  trainLoader: "DataLoader", valLoader: "DataLoader", loader: "DataLoader", train: "DataLoader", val: "DataLoader",
};

function withPrelude(code: string): string {
  const hasImports = /^\s*import\s/m.test(code);
  const used = (id: string) => new RegExp(`(?<![\\w.])${id}\\b`).test(code);
  const names = hasImports ? [] : Object.keys(fulgur).filter(used);
  const declared = new Set([...code.matchAll(/\b(?:const|let|class|function)\s+(\w+)/g)].map((m) => m[1]));
  const ctx = Object.entries(CONTEXT).filter(([id]) => used(id) && !declared.has(id));
  const types = ctx.map(([, type]) => type).filter((t, i, a) => a.indexOf(t) === i);
  return [
    names.length ? `import { ${names.join(", ")} } from "fulgur";` : "",
    types.length ? `import type { ${types.map((t) => `${t} as __${t}`).join(", ")} } from "fulgur";` : "",
    ...ctx.map(([id, type]) => `declare const ${id}: __${type};`),
    code,
  ].join("\n");
}

const name = (b: Block) => `${b.file.replace(/[/.]/g, "_")}_L${b.line}.ts`;

before(() => {
  if (skip) return;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Each block is its own module ("export {}" makes top-level await legal in a script-looking block).
  for (const b of all.filter((x) => x.check)) writeFileSync(join(out, name(b)), `${withPrelude(b.code)}\nexport {};\n`);
  writeFileSync(join(out, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", noEmit: true,
      allowImportingTsExtensions: true, skipLibCheck: true, lib: ["ES2022", "DOM"],
      typeRoots: [join(repo, "node_modules", "@types")], types: ["node"],
      paths: { fulgur: [join(repo, "ts", "index.node.ts")] },
    },
    include: ["*.ts"],
  }, null, 2));
});

test("every ```ts block of README.md and docs/*.md type-checks (strict)", { skip, timeout: 300_000 }, () => {
  const checked = all.filter((b) => b.check);
  console.log(`${checked.length} blocks checked, ${all.length - checked.length} marked no-check: ${all.filter((b) => !b.check).map((b) => `${b.file}:${b.line}`).join(", ")}`);
  assert.ok(checked.length > 0);
  const r = run(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", join(out, "tsconfig.json")], repo, 300_000);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("the README's quick start runs as printed", { skip, timeout: 300_000 }, async () => {
  const quick = blocks("README.md").find((b) => b.check && b.code.includes("new Trainer("));
  assert.ok(quick, "README.md has a quick start");
  const file = join(out, "quickstart_run.ts");
  writeFileSync(file, quick.code);
  const { bundle } = await import(join(repo, "scripts", "bundle.mjs"));
  await bundle({ quickstart_run: file }, out, { alias: { fulgur: join(repo, "ts", "index.node.ts") } });
  const r = run(process.execPath, [join(out, "quickstart_run.mjs")], repo, 240_000);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const m = /test loss ([\d.e-]+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) < 0.5, `test loss ${m[1]} after 20 epochs of y = 0.5a - 2b + c`);
});
