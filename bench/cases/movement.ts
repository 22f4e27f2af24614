// Case 6: data-movement kernels. Transpose of a 2048×2048 f32 matrix against WASM
// memory.copy of the same 16 MiB (read + write bytes per second), and cat / gather /
// indexSelect / last-dim reductions, fulgur-wasm against tfjs-backend-wasm (SIMD, 1 thread)
// on the same shapes. Each op runs on the active backend and is disposed; no readback (both
// backends compute synchronously inside the call). Contenders alternate in rounds.
// The transpose is also timed as a kernel: fulgur's copy_nd transposing one fixed buffer into
// another, alternating with copy_nd copying the same buffers (one memory.copy of 16 MiB) —
// same module, memory, addresses and footprint, no dispatch or allocation.
// Its native peer: bench/native/transpose.c, compiled here with `cc -O3 -march=native` where a C
// compiler exists, times memcpy and C transposes (fulgur's algorithm in SSE, AVX 8×8 blocks,
// non-temporal stores, prefetch) on the same machine in the same run.
import * as tf from "@tensorflow/tfjs-core";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { initFulgur } from "../lib/fulgur_init.ts";
import { budgetMs, emit, RESULT_PREFIX } from "../lib/emit.ts";
import { measureCopyBandwidth } from "../lib/machine_probe.ts";
import { interleaved, median, type Contender } from "../lib/timing.ts";
import { strayRejections, useTfjsWasm } from "../lib/tfjs_wasm.ts";
import { copyNd } from "../../ts/backend/kernels/util/nd_copy.ts";
import type { BackendFulgur } from "../../ts/backend/backend_fulgur.ts";

interface OpCase {
  name: string;
  shape: string;
  /** Bytes read + written by one call (for GB/s). */
  bytes: number;
  /** Makes the inputs on the active backend; returns the timed op. */
  setup: () => { run: () => tf.Tensor; inputs: tf.Tensor[] };
}

let seed = 1;
function uniform(shape: number[]): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, "float32", seed++);
}
/** Reproducible int32 indices in [0, n) (the same on both backends). */
function indices(count: number, n: number): Int32Array {
  const a = new Int32Array(count);
  let s = 12345;
  for (let i = 0; i < count; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; a[i] = s % n; }
  return a;
}

const N = 2048;
const catParts = 4, catRows = 1024, catCols = 256;
const gatherSrc = [1024, 1024], gatherCount = 1 << 20;
const selRows = 8192, selCols = 256, selCount = 4096;
const redRows = 4096, redCols = 1024;

const cases: OpCase[] = [
  { name: "transpose", shape: `${N}×${N} f32`, bytes: 2 * N * N * 4,
    setup: () => { const x = uniform([N, N]); return { inputs: [x], run: () => tf.transpose(x) }; } },
  { name: "cat (dim 1)", shape: `${catParts} × [${catRows}, ${catCols}] → [${catRows}, ${catParts * catCols}]`, bytes: 2 * catParts * catRows * catCols * 4,
    setup: () => { const xs = Array.from({ length: catParts }, () => uniform([catRows, catCols])); return { inputs: xs, run: () => tf.concat(xs, 1) }; } },
  { name: "cat (dim 0)", shape: `${catParts} × [${catRows}, ${catCols}] → [${catParts * catRows}, ${catCols}]`, bytes: 2 * catParts * catRows * catCols * 4,
    setup: () => { const xs = Array.from({ length: catParts }, () => uniform([catRows, catCols])); return { inputs: xs, run: () => tf.concat(xs, 0) }; } },
  { name: "gather (flat, torch.gather's path)", shape: `${gatherCount} of ${gatherSrc[0] * gatherSrc[1]} f32`, bytes: gatherCount * 12,
    setup: () => {
      const x = tf.reshape(uniform(gatherSrc), [-1]), i = tf.tensor1d(indices(gatherCount, gatherSrc[0] * gatherSrc[1]), "int32");
      return { inputs: [x, i], run: () => tf.gather(x, i) };
    } },
  { name: "indexSelect (dim 0)", shape: `${selCount} rows of [${selRows}, ${selCols}]`, bytes: 2 * selCount * selCols * 4 + selCount * 4,
    setup: () => {
      const x = uniform([selRows, selCols]), i = tf.tensor1d(indices(selCount, selRows), "int32");
      return { inputs: [x, i], run: () => tf.gather(x, i, 0) };
    } },
  { name: "indexSelect (dim 1)", shape: `${selCols} cols of [${selRows}, ${selCols}]`, bytes: 2 * selRows * selCols * 4,
    setup: () => {
      const x = uniform([selRows, selCols]), i = tf.tensor1d(indices(selCols, selCols), "int32");
      return { inputs: [x, i], run: () => tf.gather(x, i, 1) };
    } },
  { name: "sum (last dim)", shape: `[${redRows}, ${redCols}] → [${redRows}]`, bytes: redRows * redCols * 4,
    setup: () => { const x = uniform([redRows, redCols]); return { inputs: [x], run: () => tf.sum(x, -1) }; } },
  { name: "max (last dim)", shape: `[${redRows}, ${redCols}] → [${redRows}]`, bytes: redRows * redCols * 4,
    setup: () => { const x = uniform([redRows, redCols]); return { inputs: [x], run: () => tf.max(x, -1) }; } },
];

function contender(name: string, use: () => Promise<unknown>, c: OpCase): Contender {
  return {
    name,
    async prepare() {
      await use();
      const { run, inputs } = c.setup();
      return { run: () => { run().dispose(); }, dispose: () => tf.dispose(inputs) };
    },
  };
}

interface KernelTiming { minMs: number; medianMs: number; cpuMs: number; calls: number }

/**
 * The transpose kernel against memory.copy in fulgur's own WASM memory: both are copy_nd
 * calls on the same two N×N buffers, in alternating batches of 5. Wall time per call (min,
 * median) and CPU time per call (median of the batches' user+sys / 5: a call preempted by
 * other processes keeps its CPU time).
 */
function kernelVsCopy(budget: number): { transpose: KernelTiming; copy: KernelTiming } {
  const be = tf.backend() as unknown as BackendFulgur;
  const x = uniform([N, N]);
  const xi = { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  const out = be.makeOutput([N, N], "float32");
  const fns = {
    transpose: () => copyNd(be, xi, 0, [1, N], [N, N], out, 0, [N, 1]),
    copy: () => copyNd(be, xi, 0, [N, 1], [N, N], out, 0, [N, 1]),
  };
  const wall: Record<string, number[]> = { transpose: [], copy: [] }, cpu: Record<string, number[]> = { transpose: [], copy: [] };
  for (const f of Object.values(fns)) f();
  const end = performance.now() + budget;
  while (performance.now() < end || wall.copy.length < 50) {
    for (const [name, f] of Object.entries(fns)) {
      const c0 = process.cpuUsage();
      for (let k = 0; k < 5; k++) { const t0 = performance.now(); f(); wall[name].push(performance.now() - t0); }
      const c = process.cpuUsage(c0);
      cpu[name].push((c.user + c.system) / 1e3 / 5);
    }
  }
  be.disposeIntermediateTensorInfo(out);
  x.dispose();
  const summary = (name: string): KernelTiming =>
    ({ minMs: Math.min(...wall[name]), medianMs: median(wall[name]), cpuMs: median(cpu[name]), calls: wall[name].length });
  return { transpose: summary("transpose"), copy: summary("copy") };
}

interface NativeVariant { name: string; minMs: number; medianMs: number }
/** memcpy first, then the transposes; `best` names the fastest transpose. */
type NativePeer = { rounds: number; variants: NativeVariant[]; best: string } | { skipped: string };

/** Compiles and runs bench/native/transpose.c; skipped (with the reason) where no `cc` can build it. */
function nativePeer(budget: number): NativePeer {
  const exe = "build/bench/transpose_native";
  mkdirSync("build/bench", { recursive: true });
  const cc = spawnSync("cc", ["-O3", "-march=native", "-o", exe, "bench/native/transpose.c"], { encoding: "utf8" });
  if (cc.error || cc.status !== 0) return { skipped: `cc -O3 -march=native failed: ${cc.error?.message ?? cc.stderr.trim().slice(0, 200)}` };
  const r = spawnSync(exe, [String(budget)], { encoding: "utf8", timeout: budget + 60_000 });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (r.status !== 0 || !line) return { skipped: `${exe} failed: ${r.error?.message ?? (r.stderr.trim() || `exit ${r.status}`)}` };
  const { rounds, variants } = JSON.parse(line.slice(RESULT_PREFIX.length)) as { rounds: number; variants: NativeVariant[] };
  const best = variants.slice(1).reduce((a, b) => (b.minMs < a.minMs ? b : a));
  console.error(`native C (cc -O3 -march=native): best transpose ${best.name} ${best.minMs.toFixed(3)} ms vs memcpy ${variants[0].minMs.toFixed(3)} ms`);
  return { rounds, variants, best: best.name };
}

async function main(): Promise<void> {
  await initFulgur();
  const copy = measureCopyBandwidth(N * N * 4, budgetMs());
  console.error(`memory.copy ${N}×${N} f32 (16 MiB): ${copy.wasmMemoryCopyGBs.toFixed(1)} GB/s (read+write)`);
  const kernel = kernelVsCopy(2 * budgetMs());
  const pct = (k: keyof KernelTiming) => (100 * kernel.copy[k]) / kernel.transpose[k];
  console.error(`transpose kernel vs memory.copy (same memory): fastest ${pct("minMs").toFixed(0)}%, median ${pct("medianMs").toFixed(0)}%, CPU time ${pct("cpuMs").toFixed(0)}%`);
  const native = nativePeer(2 * budgetMs());
  if ("skipped" in native) console.error(`native C peer skipped: ${native.skipped}`);
  const rows = [];
  const failures: Record<string, string> = {};
  for (const c of cases) {
    const t = await interleaved([
      contender("fulgur", () => tf.setBackend("fulgur-wasm"), c),
      contender("tfjsWasm", useTfjsWasm, c),
    ], 2 * budgetMs(), 3, failures);
    const gbs = (name: string) => (t[name] ? c.bytes / (t[name].medianMs / 1e3) / 1e9 : null);
    const row = { name: c.name, shape: c.shape, ms: { fulgur: t.fulgur?.medianMs ?? null, tfjsWasm: t.tfjsWasm?.medianMs ?? null },
      bestMs: { fulgur: t.fulgur?.minMs ?? null, tfjsWasm: t.tfjsWasm?.minMs ?? null },
      gbs: { fulgur: gbs("fulgur"), tfjsWasm: gbs("tfjsWasm") }, errors: { ...failures } };
    for (const k of Object.keys(failures)) delete failures[k];
    console.error(`${c.name}: fulgur ${row.ms.fulgur?.toFixed(3)} ms, tfjs-wasm ${row.ms.tfjsWasm?.toFixed(3)} ms`);
    rows.push(row);
  }
  emit({ copy, kernel, native, rows, strayRejections });
}

await main();
