// Case 9: one training step of a transformer block — nn.TransformerEncoderLayer(128, 4,
// {dimFeedforward: 512, dropout 0.1, batchFirst}), input [16, 64, 128], MSE to a fixed target,
// Adam 1e-3 — fulgur on fulgur-wasm (fused LayerNorm kernels) vs torch 1.13 eager, 1 thread
// (bench/torch_transformer.py, only where /usr/bin/python3 has torch). Wall time on this shared
// machine is mostly preemption, so the comparison is CPU time per step (process.cpuUsage /
// time.process_time), with the median wall step and the fastest step beside it.
import { spawnSync } from "node:child_process";
import process from "node:process";
import { initFulgur } from "../lib/fulgur_init.ts";
import { budgetMs, emit, RESULT_PREFIX } from "../lib/emit.ts";
import { timeSync } from "../lib/timing.ts";
import * as ag from "../../ts/autograd/index.ts";
import { TransformerEncoderLayer } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam } from "../../ts/optim/index.ts";
import { manualSeed, randn } from "../../ts/random/index.ts";

const BATCH = 16, SEQ = 64, D = 128, HEADS = 4, FF = 512;

interface Step { msPerStep: number; minMs: number; cpuMsPerStep: number; steps: number }

function benchFulgur(budget: number): Step {
  manualSeed(0);
  const layer = new TransformerEncoderLayer(D, HEADS, { dimFeedforward: FF, dropout: 0.1, batchFirst: true });
  layer.train();
  const xs = [0, 1, 2, 3].map(() => ag.keep(randn([BATCH, SEQ, D])));
  const target = ag.keep(randn([BATCH, SEQ, D]));
  const opt = new Adam(layer.parameters(), { lr: 1e-3 });
  let i = 0;
  const step = () => ag.scope(() => {
    opt.zeroGrad();
    const loss = mseLoss(layer.call(xs[i++ % 4]), target);
    loss.backward();
    opt.step();
    loss.item();
  });
  for (let w = 0; w < 3; w++) step();
  const cpu0 = process.cpuUsage();
  const t = timeSync(step, budget, { warmup: 0, minIters: 10 });
  const cpu = process.cpuUsage(cpu0);
  return { msPerStep: t.medianMs, minMs: t.minMs, cpuMsPerStep: (cpu.user + cpu.system) / 1e3 / t.iterations, steps: t.iterations };
}

function torchStep(): (Step & { torch: string }) | { error: string } {
  // BLAS / OpenMP pools pinned to one thread too, so torch's CPU time is one thread's
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync("/usr/bin/python3", ["bench/torch_transformer.py", "1"], { encoding: "utf8", timeout: 180_000, env });
  process.stderr.write(r.stderr ?? "");
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  return line ? JSON.parse(line.slice(RESULT_PREFIX.length)) : { error: `torch_transformer.py: exit ${r.status}` };
}

const f2 = (v: number) => v.toFixed(2);

async function main(): Promise<void> {
  await initFulgur();
  const fulgur = benchFulgur(3 * budgetMs());
  console.error(`transformer block fulgur: ${f2(fulgur.msPerStep)} ms/step, ${f2(fulgur.cpuMsPerStep)} CPU ms/step`);
  const torch = torchStep();
  const row = (name: string, s: Step) => `${name.padEnd(44)} ${f2(s.cpuMsPerStep).padStart(12)}  ${f2(s.msPerStep).padStart(12)}  ${f2(s.minMs).padStart(13)}`;
  const lines = [
    "9. transformer block training step: TransformerEncoderLayer(d_model 128, nhead 4, ff 512, dropout 0.1), [16, 64, 128], MSE, Adam",
    "   CPU time per step is the figure compared (this shared machine preempts; wall medians beside it)",
    `contender                                    CPU ms/step  wall median  fastest wall`,
    row("fulgur (fulgur-wasm, fused LayerNorm)", fulgur),
    "error" in torch ? `torch eager CPU, 1 thread                    ${torch.error}` : row(`torch ${torch.torch} eager CPU, 1 thread`, torch),
    "error" in torch ? "" : `   fulgur vs torch by CPU time: ${f2(torch.cpuMsPerStep / fulgur.cpuMsPerStep)}× (≥ 1 means fulgur is faster); by fastest step ${f2(torch.minMs / fulgur.minMs)}×`,
  ];
  const table = lines.join("\n");
  console.error("\n" + table);
  emit({ fulgur, torch, table });
}

await main();
