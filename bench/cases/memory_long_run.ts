// Issue 22's memory figure: 10,000 steps of the digits MLP (tests/hardening/digits_long_run.ts:
// examples/train_digits.ts's model, Adam + per-step OneCycleLR + clipping + validation + logging),
// live tensors and WASM memory read at every epoch start after 1,000 steps of warm-up. One
// bundle with everything inlined, run by Node, Deno and Bun (bench/run.mjs memory_long_run).
import { init, setWarningSink } from "../../ts/index.node.ts";
import { emit } from "../lib/emit.ts";
import { digitsLongRun } from "../../tests/hardening/digits_long_run.ts";

function runtimeName(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string }; process?: { version: string } };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  return `node ${g.process?.version.slice(1)}`;
}

await init({ backend: "fulgur-wasm" });
setWarningSink(() => {});
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const steps = Number(env?.MEMORY_LONG_RUN_STEPS ?? 10_000);
const r = await digitsLongRun(steps, Math.min(1_000, Math.floor(steps / 5)));
const MB = 2 ** 20;
console.error(`${runtimeName()}: ${r.steps} steps / ${r.epochs} epochs, live tensors ${r.atWarmup.tensors} at step ${r.atWarmup.step} → ` +
  `${r.minTensors}..${r.maxTensors} over ${r.readings} epoch starts; WASM ${(r.atWarmup.wasmBytes / MB).toFixed(1)} → ${(r.maxWasmBytes / MB).toFixed(1)} MB; ` +
  `${r.msPerStep.toFixed(2)} ms/step (${r.cpuMeasured ? "CPU" : "wall"}); val_acc ${r.valAcc.toFixed(3)}`);
emit({
  runtime: runtimeName(), steps: r.steps, epochs: r.epochs, warmupStep: r.atWarmup.step, tensorsAtWarmup: r.atWarmup.tensors,
  minTensors: r.minTensors, maxTensors: r.maxTensors, wasmMbAtWarmup: r.atWarmup.wasmBytes / MB, maxWasmMb: r.maxWasmBytes / MB,
  flat: r.maxTensors <= r.atWarmup.tensors && r.maxWasmBytes === r.atWarmup.wasmBytes, readings: r.readings,
  tensorsBefore: r.tensorsBefore, tensorsAfterDispose: r.tensorsAfter, msPerStep: r.msPerStep, cpuMeasured: r.cpuMeasured, valAcc: r.valAcc,
});
