// Matmul GFLOP/s: fulgur-wasm vs tfjs-backend-wasm (single thread, SIMD) vs tfjs-backend-cpu.
// Bundled and started by bench/matmul.bench.mjs; figures only.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { init } from "../ts/index.node.ts";

const shapes: [number, number, number][] = [[64, 64, 64], [256, 256, 256], [1024, 1024, 1024], [128, 784, 256]];

function gflops(backend: string, m: number, k: number, n: number): number {
  return tf.tidy(() => {
    const a = tf.randomUniform([m, k], -1, 1, "float32", 1);
    const b = tf.randomUniform([k, n], -1, 1, "float32", 2);
    tf.matMul(a, b).dataSync(); // warm-up
    const flop = 2 * m * k * n;
    const reps = Math.max(3, Math.min(200, Math.round(2e9 / flop / (backend === "cpu" ? 10 : 1))));
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) tf.tidy(() => { tf.matMul(a, b).dataSync(); });
    const s = (performance.now() - t0) / 1000;
    return (flop * reps) / s / 1e9;
  });
}

async function main(): Promise<void> {
  await init();
  setWasmPaths(new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).pathname);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  setThreadsCount(1);
  const rows: string[][] = [["shape (M×K·K×N)", "fulgur-wasm", "tfjs-wasm", "tfjs-cpu", "fulgur/tfjs-wasm", "fulgur/cpu"]];
  for (const [m, k, n] of shapes) {
    const r: Record<string, number> = {};
    for (const backend of ["fulgur-wasm", "wasm", "cpu"]) {
      await tf.setBackend(backend);
      r[backend] = gflops(backend, m, k, n);
    }
    rows.push([`${m}×${k}·${k}×${n}`, r["fulgur-wasm"].toFixed(2), r.wasm.toFixed(2), r.cpu.toFixed(2),
      (r["fulgur-wasm"] / r.wasm).toFixed(2) + "×", (r["fulgur-wasm"] / r.cpu).toFixed(2) + "×"]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log("GFLOP/s (higher is better), single thread");
  for (const row of rows) console.log(row.map((v, c) => v.padStart(widths[c])).join("  "));
}

await main();
