// Case 10, convolutions: the direct conv kernels on the calling thread alone vs split across 2
// threads (ts/backend/threads/conv_kernels.ts; threshold forced), per kernel and size (LeNet's two
// convs at batch 2..64: the split threshold's basis), then the LeNet training step (case 7's,
// batch 64, Adam) on init({ threads: 1 }) vs 2, alternating in rounds. Wall time (scaling is about
// wall time) and, for the step, CPU time too. `node bench/run_case.mjs threads_conv`
// (ROUNDS, default 3); meaningful on an idle machine only: under load a second thread finds no core.
import * as tf from "@tensorflow/tfjs-core";
import { loadavg } from "node:os";
import process from "node:process";
import { init } from "../../ts/index.node.ts";
import { convThresholds } from "../../ts/backend/threads/conv_kernels.ts";
import { fulgurThreadPool } from "../../ts/backend/threads/start.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { benchFulgurLenet } from "../lib/lenet.ts";
import { median } from "../lib/timing.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 3);
await init({ threads: 2 });
const saved = convThresholds.macs;
const wasm = (tf.backend() as unknown as { wasm: Record<string, (...a: number[]) => number> }).wasm;
const kernels: Record<string, { macs: number; oneUs: Record<string, number>; splitUs: Record<string, number> }> = {};
for (const [C, H, O, k] of [[1, 28, 6, 5], [6, 12, 16, 5]]) {
  for (const N of [2, 4, 8, 16, 64]) {
    const oh = H - k + 1, L = oh * oh, K = C * k * k, macs = N * O * L * K;
    const buf = [N * C * H * H, O * K, N * O * L, N * O * L, N * C * H * H, O * K].map((n) => wasm.alloc(n * 4) >>> 0);
    const [x, w, gy, y, gx, gw] = buf;
    const geo = [N, C, H, H, 1, O, k, k];
    const fns: Record<string, () => unknown> = {
      forward: () => wasm.conv2d_direct_f32(x, w, 0, y, ...geo, 1, 0, 0, 1, 1, oh, oh),
      inputGrad: () => wasm.conv2d_igrad_f32(gy, w, gx, ...geo, 1, 0, 0, 1, 1, oh, oh),
      weightGrad: () => wasm.conv2d_wgrad_f32(x, gy, gw, ...geo, 1, 1, 0, 0, 1, 1, oh, oh),
    };
    const r = kernels[`C${C} ${H}×${H} O${O} k${k} N${N}`] = { macs, oneUs: {} as Record<string, number>, splitUs: {} as Record<string, number> };
    for (const [name, f] of Object.entries(fns)) {
      const s = { one: [] as number[], split: [] as number[] };
      for (let i = 0; i < 100; i++) for (const m of ["one", "split"] as const) {
        convThresholds.macs = m === "one" ? Infinity : 0;
        const t0 = performance.now();
        f();
        s[m].push(performance.now() - t0);
      }
      r.oneUs[name] = median(s.one) * 1e3;
      r.splitUs[name] = median(s.split) * 1e3;
    }
    for (const p of buf) wasm.dealloc(p);
    console.error(`C${C} O${O} N${N} (2^${Math.log2(macs).toFixed(1)} MACs), µs one/split: ` +
      Object.keys(fns).map((n) => `${n} ${r.oneUs[n].toFixed(0)}/${r.splitUs[n].toFixed(0)}`).join("  "));
  }
}
convThresholds.macs = saved;

// The LeNet step alternating: 1 thread, 2 threads with the convs kept on the calling thread
// (what ran before the conv split), 2 threads.
const MODES = { "1": [1, Infinity], "2, convs unsplit": [2, Infinity], "2": [2, saved] } as const;
type Mode = keyof typeof MODES;
const step = Object.fromEntries(Object.keys(MODES).map((k) => [k, { wallMs: [] as number[], cpuMs: [] as number[] }])) as
  Record<Mode, { wallMs: number[]; cpuMs: number[] }>;
let convSplits = 0;
benchFulgurLenet(budgetMs() / 3); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const [mode, [n, threshold]] of Object.entries(MODES) as [Mode, readonly [number, number]][]) {
    await init({ threads: n });
    convThresholds.macs = threshold;
    const before = fulgurThreadPool()?.dispatched.conv2d_direct_f32 ?? 0;
    const s = benchFulgurLenet(2 * budgetMs());
    if (mode === "2") convSplits += (fulgurThreadPool()?.dispatched.conv2d_direct_f32 ?? 0) - before;
    step[mode].wallMs.push(s.msPerStep);
    step[mode].cpuMs.push(s.cpuMsPerStep!);
    console.error(`round ${r + 1}, threads ${mode}: ${s.msPerStep.toFixed(2)} ms/step wall, ${s.cpuMsPerStep!.toFixed(2)} CPU ms/step`);
  }
}
convThresholds.macs = saved;
const m = (k: Mode) => `${median(step[k].wallMs).toFixed(2)} ms wall (${median(step[k].cpuMs).toFixed(2)} CPU)`;
const table = `LeNet step (batch 64, Adam), medians of ${ROUNDS} alternating rounds: 1 thread ${m("1")}, ` +
  `2 threads with convs unsplit ${m("2, convs unsplit")}, 2 threads ${m("2")}; load average ${loadavg()[0].toFixed(1)}`;
console.error(table);
emit({ loadAvg1m: loadavg()[0], threshold: saved, kernels, lenet: step, convForwardSplitsOn2Threads: convSplits, table });
process.exit(0);
