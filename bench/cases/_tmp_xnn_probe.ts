import * as tf from "@tensorflow/tfjs-core";
import { initFulgur } from "../lib/fulgur_init.ts";
import { useTfjsWasm } from "../lib/tfjs_wasm.ts";
import { timeSync } from "../lib/timing.ts";
await initFulgur();
for (const be of ["wasm", "fulgur-wasm", "wasm", "fulgur-wasm"]) {
  if (be === "wasm") await useTfjsWasm(); else await tf.setBackend(be);
  for (const n of [256, 1024]) {
    const a = tf.randomUniform([n, n], -1, 1, "float32", 1), b = tf.randomUniform([n, n], -1, 1, "float32", 2), z = tf.scalar(0);
    const fixed = timeSync(() => tf.tidy(() => { tf.matMul(a, b).dataSync(); }), 1500).medianMs;
    const addOnly = timeSync(() => tf.tidy(() => { tf.add(b, z).dataSync(); }), 1000).medianMs;
    const fresh = timeSync(() => tf.tidy(() => { tf.matMul(a, tf.add(b, z)).dataSync(); }), 1500).medianMs;
    const g = (ms: number) => (2 * n ** 3 / (ms / 1e3) / 1e9).toFixed(1);
    console.log(be, n, "fixed B", g(fixed), "GFLOP/s; fresh B each call", g(fresh - addOnly));
    tf.dispose([a, b, z]);
  }
}
