// examples/train.ts, the user's script, runs unchanged on Deno and Bun, and on Node through
// examples/train.mjs; on each the loss falls and the cosine schedule moves the lr.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { bin, ensureDist, notOnNodeReason, run } from "./support.ts";

const skip = notOnNodeReason();

interface Epoch {
  loss: number;
  lr: number;
}

function epochsFrom(stdout: string): Epoch[] {
  return [...stdout.matchAll(/^epoch\s+\d+\/\d+\s+loss (\S+)\s+lr (\S+)$/gm)].map((m) => ({ loss: Number(m[1]), lr: Number(m[2]) }));
}

function checkTraining(name: string, out: { status: number | null; stdout: string; stderr: string }): Epoch[] {
  assert.equal(out.status, 0, `${name} exited with ${out.status}:\n${out.stderr}\n${out.stdout}`);
  assert.match(out.stdout, /on the fulgur-wasm backend/);
  const epochs = epochsFrom(out.stdout);
  assert.equal(epochs.length, 15, `${name} printed ${epochs.length} epochs:\n${out.stdout}`);
  assert.ok(epochs.at(-1)!.loss < epochs[0].loss / 4, `${name}: final loss ${epochs.at(-1)!.loss} is not well below the first ${epochs[0].loss}`);
  // CosineAnnealingLR(tMax=15, etaMin=0.001) from 0.02: starts at the base lr, decreases every epoch.
  assert.equal(epochs[0].lr, 0.02);
  for (let i = 1; i < epochs.length; i++) assert.ok(epochs[i].lr < epochs[i - 1].lr, `${name}: lr did not decrease at epoch ${i + 1}`);
  return epochs;
}

if (!skip) before(ensureDist, { timeout: 300_000 });

const results: Record<string, Epoch[]> = {};

test("node examples/train.mjs trains (Node bundle)", { skip: skip ?? false, timeout: 120_000 }, () => {
  results.node = checkTraining("node", run(process.execPath, ["examples/train.mjs"]));
});

test("deno run -A examples/train.ts trains (Deno bundle via deno.json's import map)", { skip: skip ?? false, timeout: 120_000 }, () => {
  results.deno = checkTraining("deno", run(bin("deno"), ["run", "-A", "examples/train.ts"]));
});

test("bun examples/train.ts trains (package exports, condition bun)", { skip: skip ?? false, timeout: 120_000 }, () => {
  results.bun = checkTraining("bun", run(bin("bun"), ["examples/train.ts"]));
});

test("the three runtimes print the same losses and lrs", { skip: skip ?? false }, () => {
  assert.deepEqual(results.deno, results.node);
  assert.deepEqual(results.bun, results.node);
});
