// One row per user mistake (issue 22): the mistake, the error class, a fragment of the message —
// the rows are in table_rows.ts (shared with the Chromium run, tests/browser/hardening_chromium).
// Every row also checks that nothing the user had changed: parameters, generator state, Object.prototype.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { clipGradNorm } from "../../ts/optim/index.ts";
import { DataLoader, Trainer, setWarningSink } from "../../ts/index.ts";
import { ALL_ROWS, Tiny, hash, runTable } from "./table_rows.ts";
import { Parameter, tensor } from "../../ts/autograd/index.ts";

const warnings: string[] = [];
before(async () => { await init(); setWarningSink((m: string) => void warnings.push(m)); });

test("every listed mistake gets a named error, and nothing the user had changes", async () => {
  const { checked, failures } = await runTable(ALL_ROWS);
  assert.equal(checked, ALL_ROWS.length);
  assert.deepEqual(failures, []);
});

test("what torch and Lightning accept keeps working: 'inf' norm, an empty loader warns", async () => {
  const p = new Parameter(tensor([1.5, 2.5]));
  p.grad = tensor([3.5, -4.5]);
  assert.equal(clipGradNorm([p], 1, "inf"), 4.5);
  assert.deepEqual(Array.from(p.grad!.dataSync() as Float32Array).map((v) => Math.round(v * 1e4) / 1e4), [0.7778, -1]);
  p.grad = tensor([3.5, -4.5]);
  assert.ok(Math.abs(clipGradNorm([p], 100, "2") - Math.hypot(3.5, 4.5)) < 1e-5);
  warnings.length = 0;
  const m = new Tiny();
  const before1 = hash(m);
  await new Trainer({ maxEpochs: 1, enableProgressBar: false }).fit(m, new DataLoader({ x: [] as number[][], y: [] as number[][] }, { batchSize: 2 }));
  assert.ok(warnings.some((w) => /Total length of `DataLoader` across ranks is zero/.test(w)), warnings.join("\n"));
  assert.equal(hash(m), before1);
});
