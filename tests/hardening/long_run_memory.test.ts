// Issue 22: a long run of the digits MLP keeps live tensors and WASM memory flat, on every runtime
// (this file runs under Node, Deno and Bun). CI size: 1,600 steps (about 70 epochs with
// validation, logging, a per-step OneCycleLR and gradient clipping), read at every epoch start
// after 400 steps of warm-up; the 10,000-step figure is bench case memory_long_run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../ts/index.node.ts";
import { setWarningSink } from "../../ts/index.ts";
import { digitsLongRun } from "./digits_long_run.ts";

before(async () => { await init({ backend: "fulgur-wasm" }); setWarningSink(() => {}); });

const STEPS = 1_600;
const WARMUP = 400;
const MB = 2 ** 20;

test(`${STEPS} steps of the digits MLP keep live tensors and WASM memory flat after warm-up`, { timeout: 300_000 }, async () => {
  const r = await digitsLongRun(STEPS, WARMUP);
  console.log(`digits MLP, ${r.steps} steps / ${r.epochs} epochs: live tensors ${r.atWarmup.tensors} at step ${r.atWarmup.step}, ` +
    `${r.minTensors}..${r.maxTensors} over ${r.readings} epoch starts; WASM memory ${(r.atWarmup.wasmBytes / MB).toFixed(1)} MB → ` +
    `max ${(r.maxWasmBytes / MB).toFixed(1)} MB; ${r.tensorsBefore} tensors before fit, ${r.tensorsAfter} after dispose(); val_acc ${r.valAcc.toFixed(3)}`);
  assert.equal(r.steps, STEPS);
  assert.ok(r.readings >= 40, `only ${r.readings} readings`);
  // flat: not one tensor more at any later epoch start than at the first after warm-up
  assert.ok(r.maxTensors <= r.atWarmup.tensors, `live tensors grew from ${r.atWarmup.tensors} to ${r.maxTensors}`);
  assert.equal(r.maxWasmBytes, r.atWarmup.wasmBytes, "WASM memory grew after warm-up");
  // what the run made is gone once trainer and model are disposed
  assert.ok(r.tensorsAfter <= r.tensorsBefore, `${r.tensorsAfter - r.tensorsBefore} tensors outlived trainer.dispose() + model.dispose()`);
  assert.ok(r.valAcc > 0.9, `the run trained (val_acc ${r.valAcc})`);
});
