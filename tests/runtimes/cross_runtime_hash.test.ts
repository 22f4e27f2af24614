// The same fixed training run (tests/runtimes/fixtures/hash_run.mjs) on Node, Deno, Bun and
// Chromium must hash to the same bits: final parameters, every loss and every lr.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { bin, ensureDist, notOnNodeReason, run } from "./support.ts";
import { CHROMIUM, withPage } from "./chromium.ts";

const skip = notOnNodeReason();

interface HashResult {
  backend: string;
  hash: string;
  steps: number;
  firstLoss: number;
  lastLoss: number;
  error?: string;
}

const results: Record<string, HashResult> = {};

function fromCli(name: string, cmd: string, args: string[]): HashResult {
  const out = run(cmd, args);
  assert.equal(out.status, 0, `${name} exited with ${out.status}:\n${out.stderr}\n${out.stdout}`);
  const r = JSON.parse(out.stdout.trim().split("\n").at(-1)!) as HashResult;
  assert.equal(r.backend, "fulgur-wasm");
  assert.equal(r.steps, 12);
  assert.ok(r.lastLoss < r.firstLoss, `${name}: the loss did not fall (${r.firstLoss} → ${r.lastLoss})`);
  assert.match(r.hash, /^[0-9a-f]{8}$/);
  return r;
}

if (!skip) before(ensureDist, { timeout: 300_000 });

test("hash run on node", { skip: skip ?? false, timeout: 60_000 }, () => {
  results.node = fromCli("node", process.execPath, ["tests/runtimes/fixtures/hash_cli.mjs"]);
});

test("hash run on deno", { skip: skip ?? false, timeout: 60_000 }, () => {
  results.deno = fromCli("deno", bin("deno"), ["run", "-A", "tests/runtimes/fixtures/hash_cli.mjs"]);
});

test("hash run on bun", { skip: skip ?? false, timeout: 60_000 }, () => {
  results.bun = fromCli("bun", bin("bun"), ["tests/runtimes/fixtures/hash_cli.mjs"]);
});

const noChromium = skip ?? (existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (.ci/run installs chromium)`);

test("hash run in chromium (browser bundle)", { skip: noChromium, timeout: 120_000 }, async () => {
  await withPage("/fixtures/hash_page.html", async (page) => {
    await page.waitForSelector("#result[data-done]", { timeout: 90_000 });
    const r = JSON.parse((await page.textContent("#result"))!) as HashResult;
    assert.equal(r.error, undefined, `page failed: ${r.error}`);
    assert.equal(r.backend, "fulgur-wasm");
    assert.equal(r.steps, 12);
    results.chromium = r;
  });
});

test("node, deno, bun and chromium produce the same hash", { skip: skip ?? false }, () => {
  const hashes = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.hash]));
  assert.ok(Object.keys(hashes).length >= 3, `only ${Object.keys(hashes).join(", ")} ran`);
  for (const [rt, h] of Object.entries(hashes)) assert.equal(h, hashes.node, `${rt} hash ${h} differs from node's ${hashes.node}: ${JSON.stringify(hashes)}`);
});
