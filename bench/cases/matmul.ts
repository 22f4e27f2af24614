// Case 1: f32 matmul GFLOP/s — fulgur-wasm vs tfjs-backend-wasm (SIMD, 1 thread) vs
// tfjs-backend-cpu vs @jax-js/jax's wasm device, plus the measured f32x4 mul+add peak.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { initFulgur } from "../lib/fulgur_init.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { measureMulAddPeak } from "../lib/machine_probe.ts";
import { interleaved, type Contender } from "../lib/timing.ts";
import { strayRejections, useTfjsWasm } from "../lib/tfjs_wasm.ts";

const shapes: [number, number, number][] = [[64, 64, 64], [256, 256, 256], [1024, 1024, 1024], [128, 784, 256]];

/** A tfjs backend multiplying fixed random matrices; each run reads the product back (dataSync), as every peer does. */
function tfjsContender(name: string, use: () => Promise<unknown>, m: number, k: number, n: number): Contender {
  return {
    name,
    async prepare() {
      await use();
      const a = tf.randomUniform([m, k], -1, 1, "float32", 1);
      const b = tf.randomUniform([k, n], -1, 1, "float32", 2);
      return { run: () => tf.tidy(() => { tf.matMul(a, b).dataSync(); }), dispose: () => tf.dispose([a, b]) };
    },
  };
}

type JaxModule = typeof import("@jax-js/jax");

/** @jax-js/jax on its "wasm" device (single thread in Node: it needs browser Workers for more). */
function jaxContender(jax: JaxModule, m: number, k: number, n: number): Contender {
  const np = jax.numpy;
  const fill = (len: number, seed: number) => Float32Array.from({ length: len }, (_, i) => ((i * 7919 + seed) % 2000) / 1000 - 1);
  return {
    name: "jax",
    async prepare() {
      const a = np.array(fill(m * k, 1)).reshape([m, k]);
      const b = np.array(fill(k * n, 2)).reshape([k, n]);
      return { run: () => { np.matmul(a.ref, b.ref).dataSync(); }, dispose: () => { a.dispose(); b.dispose(); } };
    },
  };
}

async function loadJax(): Promise<{ jax: JaxModule | null; note: string }> {
  try {
    const jax = await import("@jax-js/jax");
    const devices = await jax.init("wasm");
    if (!devices.includes("wasm")) return { jax: null, note: "@jax-js/jax: wasm device unavailable" };
    jax.defaultDevice("wasm");
    return { jax, note: "@jax-js/jax wasm device, 1 thread (Node has no browser Worker, so no thread pool)" };
  } catch (e) {
    return { jax: null, note: `@jax-js/jax skipped: ${(e as Error).message}` };
  }
}

async function main(): Promise<void> {
  await initFulgur();
  const peak = measureMulAddPeak(budgetMs());
  console.error(`peak f32x4 mul+add, 1 thread: ${peak.gflops.toFixed(1)} GFLOP/s (${peak.variant})`);
  const { jax, note: jaxNote } = await loadJax();
  console.error(jaxNote);
  const rows = [];
  for (const [m, k, n] of shapes) {
    const contenders = [
      tfjsContender("fulgur", () => tf.setBackend("fulgur-wasm"), m, k, n),
      tfjsContender("tfjsWasm", useTfjsWasm, m, k, n),
      tfjsContender("tfjsCpu", () => tf.setBackend("cpu"), m, k, n),
      ...(jax ? [jaxContender(jax, m, k, n)] : []),
    ];
    // Each contender gets ~1 budget over 3 rounds (at least one call per round: tfjs-cpu's 1024² call takes seconds).
    // a peer that throws loses only its own figure (recorded in `errors`), not the case
    const errors: Record<string, string> = {};
    const timings = await interleaved(contenders, 4 * budgetMs(), 3, errors);
    const r: Record<string, number | null> = { jax: null, tfjsWasm: null, tfjsCpu: null, fulgur: null };
    for (const [name, t] of Object.entries(timings)) r[name] = (2 * m * k * n) / (t.medianMs / 1e3) / 1e9;
    const shape = `${m}×${k}·${k}×${n}`;
    console.error(`${shape}: ${Object.entries(r).map(([k2, v]) => `${k2} ${v?.toFixed(2)}`).join(", ")} GFLOP/s`);
    rows.push({ shape, gflops: r, errors });
  }
  emit({
    peak1ThreadGflops: peak.gflops,
    peakVariant: peak.variant,
    jaxNote,
    tfjsWasmThreadsNote: "tfjs-backend-wasm threaded build fails under Node (its pthread Worker is a blob: URL, which node:worker_threads rejects: ERR_WORKER_PATH), so 1 thread",
    rows,
    strayRejections,
  });
}

await main();
