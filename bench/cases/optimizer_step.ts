// Case 3: one optimizer step over 1M and 10M parameters (Adam; SGD momentum 0.9): ms per
// step and GB/s moved, against the copy bandwidth measured in this same process, a plain
// per-tensor TypeScript loop and tfjs's tf.train.adam / tf.train.momentum on tfjs-backend-wasm.
import * as tf from "@tensorflow/tfjs-core";
import { fromTf, Parameter } from "../../ts/autograd/index.ts";
import { Adam, SGD, type Optimizer } from "../../ts/optim/index.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { initFulgur } from "../lib/fulgur_init.ts";
import { measureCopyBandwidth } from "../lib/machine_probe.ts";
import { plainAdamStep, plainSgdMomentumStep, type PlainTensor } from "../lib/plain_optim.ts";
import { timeSync } from "../lib/timing.ts";
import { useTfjsWasm } from "../lib/tfjs_wasm.ts";

const TENSORS = 4; // parameters are split over a few tensors, as in a small net
/** Bytes each update reads + writes per element (float32): Adam p,g,m,v in + p,m,v out; SGD p,g,buf in + p,buf out. */
const BYTES_PER_ELEMENT = { adam: 7 * 4, sgdMomentum: 5 * 4 } as const;
type Rule = keyof typeof BYTES_PER_ELEMENT;

function randomTf(n: number, seed: number): tf.Tensor {
  return tf.randomUniform([n], -1, 1, "float32", seed);
}

function fulgurMs(rule: Rule, n: number, budget: number): number {
  const params = Array.from({ length: TENSORS }, (_, i) => {
    const p = new Parameter(randomTf(n / TENSORS, i + 1));
    p.grad = fromTf(tf.keep(randomTf(n / TENSORS, i + 101)));
    return p;
  });
  const opt: Optimizer = rule === "adam" ? new Adam(params, { lr: 1e-3 }) : new SGD(params, { lr: 1e-3, momentum: 0.9 });
  const t = timeSync(() => { opt.step(); }, budget, { warmup: 2 });
  opt.dispose();
  for (const p of params) { p.grad!.value.dispose(); p.value.dispose(); }
  return t.medianMs;
}

function plainMs(rule: Rule, n: number, budget: number): number {
  const fill = (len: number, seed: number) => Float32Array.from({ length: len }, (_, i) => (((i * 7919 + seed) % 2000) / 1000) - 1);
  const ts: PlainTensor[] = Array.from({ length: TENSORS }, (_, k) => ({
    p: fill(n / TENSORS, k), g: fill(n / TENSORS, k + 50), m: new Float32Array(n / TENSORS), v: new Float32Array(n / TENSORS),
  }));
  let step = 0;
  const t = timeSync(() => (rule === "adam" ? plainAdamStep(ts, ++step) : plainSgdMomentumStep(ts)), budget, { warmup: 2 });
  return t.medianMs;
}

async function tfjsWasmMs(rule: Rule, n: number, budget: number): Promise<number> {
  await useTfjsWasm();
  const vars = Array.from({ length: TENSORS }, (_, i) => tf.variable(randomTf(n / TENSORS, i + 1), true, `w${i}_${rule}_${n}`));
  const grads: { name: string; tensor: tf.Tensor }[] = vars.map((v, i) => ({ name: v.name, tensor: randomTf(n / TENSORS, i + 101) }));
  const opt = rule === "adam" ? tf.train.adam(1e-3) : tf.train.momentum(1e-3, 0.9);
  const t = timeSync(() => { opt.applyGradients(grads); }, budget, { warmup: 2 });
  opt.dispose();
  tf.dispose([...vars, ...grads.map((g) => g.tensor)]);
  await tf.setBackend("fulgur-wasm");
  return t.medianMs;
}

async function main(): Promise<void> {
  await initFulgur();
  const copy = measureCopyBandwidth(64 << 20, budgetMs());
  console.error(`copy 64 MiB: Float32Array.set ${copy.typedArraySetGBs.toFixed(1)} GB/s, wasm memory.copy ${copy.wasmMemoryCopyGBs.toFixed(1)} GB/s (read+write)`);
  const rows = [];
  for (const n of [1_000_000, 10_000_000]) {
    for (const rule of ["adam", "sgdMomentum"] as Rule[]) {
      const budget = budgetMs();
      const ms = { fulgur: fulgurMs(rule, n, budget), plainTs: plainMs(rule, n, budget), tfjsWasm: await tfjsWasmMs(rule, n, budget) };
      const gbs = (t: number) => (BYTES_PER_ELEMENT[rule] * n) / (t / 1e3) / 1e9;
      const row = { rule, params: n, ms, fulgurGBs: gbs(ms.fulgur), plainTsGBs: gbs(ms.plainTs), tfjsWasmGBs: gbs(ms.tfjsWasm) };
      console.error(`${rule} ${n / 1e6}M: ${JSON.stringify(ms)} → fulgur ${row.fulgurGBs.toFixed(1)} GB/s`);
      rows.push(row);
    }
  }
  emit({ copy, bytesPerElement: BYTES_PER_ELEMENT, rows });
}

await main();
