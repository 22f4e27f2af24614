// The LeNet step of case 7 alone, fulgur beside torch 1.13 eager (1 thread), alternating in
// rounds, compared by CPU time per step (this shared machine preempts; wall time is mostly
// waiting). `node bench/run_case.mjs lenet` (ROUNDS, BENCH_BUDGET_MS; TORCH=0 leaves torch out,
// e.g. under `node bench/profile.mjs lenet`).
import * as tf from "@tensorflow/tfjs-core";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { initFulgur } from "../lib/fulgur_init.ts";
import { budgetMs, emit, RESULT_PREFIX } from "../lib/emit.ts";
import { benchFulgurLenet } from "../lib/lenet.ts";
import { median } from "../lib/timing.ts";

function torchCpuMs(): number {
  const r = spawnSync("/usr/bin/python3", ["bench/torch_lenet.py", "1"], { encoding: "utf8", timeout: 180_000 });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  return line ? JSON.parse(line.slice(RESULT_PREFIX.length)).cpuMsPerStep : NaN;
}

await initFulgur();
await tf.setBackend("fulgur-wasm");
const rounds = Number(process.env.ROUNDS ?? 3);
const fulgur: number[] = [], torch: number[] = [];
benchFulgurLenet(budgetMs() / 3); // warm-up: compiles and JITs before the first measured round
for (let r = 0; r < rounds; r++) {
  fulgur.push(benchFulgurLenet(2 * budgetMs()).cpuMsPerStep!);
  torch.push(process.env.TORCH === "0" ? NaN : torchCpuMs());
  console.error(`round ${r + 1}: fulgur ${fulgur[r].toFixed(2)} CPU ms/step, torch ${torch[r].toFixed(2)} (${(torch[r] / fulgur[r]).toFixed(2)}×)`);
}
const f = median(fulgur), t = median(torch);
const table = `LeNet step (batch 64, Adam), CPU ms/step, median of ${rounds} alternating rounds: fulgur ${f.toFixed(2)}, torch 1.13 eager 1 thread ${t.toFixed(2)} → fulgur ${(t / f).toFixed(2)}× torch`;
console.error(table);
emit({ fulgur, torch, table });
