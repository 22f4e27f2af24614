// Profile helper for case 10: where the MLP Trainer step (case 2's) spends its time, per WASM
// export, on 1 thread and on 2. CPU time (process.cpuUsage, all threads) and wall time around
// each export call, summed over the measured steps; "outside exports" is the step minus all
// export time: autograd bookkeeping and other JS. On a loaded machine only the 1-thread CPU
// column is trustworthy. `node bench/run_case.mjs threads_profile`.
import { init } from "../../ts/index.node.ts";
import { fulgurWasm } from "../../ts/backend/wasm_module.ts";
import { benchFulgurMlp } from "../lib/mlp_fulgur.ts";
import { emit } from "../lib/emit.ts";

const totals: Record<string, { wall: number; cpu: number; calls: number }> = {};
let wrapped = false;
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
function wrap(): void {
  if (wrapped) return;
  wrapped = true;
  const ex = fulgurWasm() as Record<string, unknown>;
  for (const k of Object.keys(ex)) {
    const f = ex[k];
    if (typeof f !== "function" || k === "alloc" || k === "dealloc" || k.startsWith("f64_")) continue;
    ex[k] = (...a: unknown[]) => {
      const t0 = performance.now(), c0 = cpuNow();
      try { return (f as (...a: unknown[]) => unknown)(...a); } finally {
        const t = (totals[k] ??= { wall: 0, cpu: 0, calls: 0 });
        t.cpu += cpuNow() - c0; t.wall += performance.now() - t0; t.calls++;
      }
    };
  }
}

const out: Record<number, unknown> = {};
for (const n of [1, 2]) {
  await init({ threads: 2 });
  wrap();
  await init({ threads: n });
  await benchFulgurMlp(300);
  for (const k of Object.keys(totals)) delete totals[k];
  const t0 = performance.now(), c0 = cpuNow();
  const r = await benchFulgurMlp(Number(process.env.PROFILE_MS ?? 4000));
  const wall = performance.now() - t0, cpu = cpuNow() - c0;
  const steps = r.steps + 6;
  const rows = Object.entries(totals).map(([k, v]) => ({ k, cpu: v.cpu / steps, wall: v.wall / steps, calls: v.calls / steps }))
    .sort((a, b) => b.cpu - a.cpu);
  const inCpu = rows.reduce((s, r) => s + r.cpu, 0), inWall = rows.reduce((s, r) => s + r.wall, 0);
  console.log(`threads ${n}: step median ${r.msPerStep.toFixed(3)} ms wall; per step: wall ${(wall / steps).toFixed(3)} ms, cpu ${(cpu / steps).toFixed(3)} ms; ` +
    `in exports: cpu ${inCpu.toFixed(3)} wall ${inWall.toFixed(3)} ms`);
  for (const r of rows.slice(0, 16)) console.log(`  ${r.k.padEnd(22)} cpu ${r.cpu.toFixed(3)}  wall ${r.wall.toFixed(3)} ms/step  ${r.calls.toFixed(1)} calls`);
  out[n] = { msPerStep: r.msPerStep, wallPerStep: wall / steps, cpuPerStep: cpu / steps, rows };
}
emit(out);
