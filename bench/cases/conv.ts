// Case 7: convolution. (a) Conv2D GFLOP/s — forward, and forward + both gradients — fulgur-wasm
// (direct SIMD kernels: asm/kernels/conv/direct.ts) vs tfjs-backend-wasm's Conv2D / Conv2DBackpropInput (NHWC, 1
// thread), beside fulgur's matmul on the same run (the conv's own [N·L, C·k²]·[C·k², O] product
// and 256³). (b) A LeNet training step, batch 64: fulgur functional ops + Adam vs tfjs-layers
// `fit` vs torch 1.13 eager, 1 thread (bench/torch_lenet.py, only where /usr/bin/python3 has torch).
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { initFulgur } from "../lib/fulgur_init.ts";
import { budgetMs, emit, RESULT_PREFIX } from "../lib/emit.ts";
import { type Contender } from "../lib/timing.ts";
import { useTfjsWasm } from "../lib/tfjs_wasm.ts";
import { benchFulgurLenet, benchLayersLenet, type StepRate } from "../lib/lenet.ts";
import * as ag from "../../ts/autograd/index.ts";
import * as ops from "../../ts/autograd/ops/index.ts";

interface Shape { name: string; N: number; C: number; H: number; O: number; k: number; pad: number }
const SHAPES: Shape[] = [
  { name: "LeNet conv1 64×1×28² → 6@5²", N: 64, C: 1, H: 28, O: 6, k: 5, pad: 0 },
  { name: "LeNet conv2 64×6×12² → 16@5²", N: 64, C: 6, H: 12, O: 16, k: 5, pad: 0 },
  { name: "16×32×16² → 64@3², pad 1", N: 16, C: 32, H: 16, O: 64, k: 3, pad: 1 },
  { name: "8×64×32² → 64@3², pad 1", N: 8, C: 64, H: 32, O: 64, k: 3, pad: 1 },
];

const outH = (s: Shape) => s.H + 2 * s.pad - s.k + 1;
const convFlops = (s: Shape) => 2 * s.N * s.O * outH(s) ** 2 * s.C * s.k * s.k;
const fill = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919 + seed) % 2000) / 1000 - 1);

function fulgurForward(s: Shape): Contender {
  return {
    name: "fulgurFwd",
    async prepare() {
      await tf.setBackend("fulgur-wasm");
      const x = ag.keep(ag.tensor(fill(s.N * s.C * s.H * s.H, 1), [s.N, s.C, s.H, s.H]));
      const w = ag.keep(ag.tensor(fill(s.O * s.C * s.k * s.k, 2), [s.O, s.C, s.k, s.k]));
      return {
        run: () => ag.scope(() => { ops.conv2d(x, w, null, { padding: s.pad }).value.dataSync(); }),
        dispose: () => { x.dispose(); w.dispose(); },
      };
    },
  };
}

function fulgurTrain(s: Shape): Contender {
  return {
    name: "fulgurFwdBwd",
    async prepare() {
      await tf.setBackend("fulgur-wasm");
      const x = ag.keep(ag.tensor(fill(s.N * s.C * s.H * s.H, 1), [s.N, s.C, s.H, s.H], { requiresGrad: true }));
      const w = ag.keep(ag.tensor(fill(s.O * s.C * s.k * s.k, 2), [s.O, s.C, s.k, s.k], { requiresGrad: true }));
      const gy = ag.keep(ag.tensor(fill(s.N * s.O * outH(s) ** 2, 3), [s.N, s.O, outH(s), outH(s)]));
      return {
        run: () => ag.scope(() => {
          const y = ops.conv2d(x, w, null, { padding: s.pad });
          const [gx, gw] = ag.grad(y, [x, w], { gradOutputs: gy });
          gx!.value.dataSync();
          gw!.value.dataSync();
        }),
        dispose: () => { x.dispose(); w.dispose(); gy.dispose(); },
      };
    },
  };
}

function tfjsWasm(s: Shape, which: "fwd" | "bwdInput"): Contender {
  return {
    name: which === "fwd" ? "tfjsFwd" : "tfjsBwdInput",
    async prepare() {
      await useTfjsWasm();
      const x = tf.tensor4d(fill(s.N * s.C * s.H * s.H, 1), [s.N, s.H, s.H, s.C]);
      const w = tf.tensor4d(fill(s.O * s.C * s.k * s.k, 2), [s.k, s.k, s.C, s.O]);
      const dy = tf.tensor4d(fill(s.N * s.O * outH(s) ** 2, 3), [s.N, outH(s), outH(s), s.O]);
      const pad = s.pad === 0 ? "valid" : "same";
      return {
        run: () => tf.tidy(() => {
          (which === "fwd" ? tf.conv2d(x, w, 1, pad) : tf.conv2dTranspose(dy, w, [s.N, s.H, s.H, s.C], 1, pad)).dataSync();
        }),
        dispose: () => tf.dispose([x, w, dy]),
      };
    },
  };
}

/** fulgur's matmul [m, k]·[k, n] (the product a conv's forward runs). */
function fulgurMatmul(m: number, k: number, n: number): Contender {
  return {
    name: "fulgurMatmul",
    async prepare() {
      await tf.setBackend("fulgur-wasm");
      const a = tf.tensor2d(fill(m * k, 1), [m, k]), b = tf.tensor2d(fill(k * n, 2), [k, n]);
      return { run: () => tf.tidy(() => { tf.matMul(a, b).dataSync(); }), dispose: () => tf.dispose([a, b]) };
    },
  };
}

function torchLenet(): (StepRate & { cpuMsPerStep: number }) | { error: string } {
  const r = spawnSync("/usr/bin/python3", ["bench/torch_lenet.py", "1"], { encoding: "utf8", timeout: 180_000 });
  process.stderr.write(r.stderr ?? "");
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  return line ? JSON.parse(line.slice(RESULT_PREFIX.length)) : { error: `torch_lenet.py: exit ${r.status}` };
}

const f2 = (v: number) => v.toFixed(2);

/**
 * Like interleaved() (contenders alternating in rounds), but each figure is CPU time per call
 * (process.cpuUsage) — on this shared 2-core machine a call's wall time is mostly time spent
 * preempted, which CPU time leaves out (every contender here is single-threaded and synchronous).
 */
async function interleavedCpu(contenders: Contender[], budget: number, rounds: number): Promise<Record<string, { medianMs: number }>> {
  const acc: Record<string, { us: number; n: number }> = {};
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      const { run, dispose } = await c.prepare();
      if (r === 0) run();
      const a = (acc[c.name] ??= { us: 0, n: 0 });
      const end = performance.now() + budget / rounds;
      const cpu0 = process.cpuUsage();
      let n = 0;
      while (n < 1 || performance.now() < end) { run(); n++; }
      const cpu = process.cpuUsage(cpu0);
      a.us += cpu.user + cpu.system;
      a.n += n;
      dispose?.();
    }
  }
  return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, { medianMs: v.us / 1e3 / v.n }]));
}

async function main(): Promise<void> {
  await initFulgur();
  const rows = [];
  for (const s of SHAPES) {
    const L = outH(s) ** 2;
    const t = await interleavedCpu([
      fulgurForward(s), fulgurTrain(s), tfjsWasm(s, "fwd"), tfjsWasm(s, "bwdInput"),
      fulgurMatmul(s.N * L, s.C * s.k * s.k, s.O), fulgurMatmul(256, 256, 256),
    ].map((c, i) => (i === 5 ? { ...c, name: "fulgurMatmul256" } : c)), 2 * budgetMs(), 3);
    const gf = (ms: number, passes = 1) => (passes * convFlops(s)) / (ms / 1e3) / 1e9;
    const row = {
      shape: s.name,
      fulgurFwd: gf(t.fulgurFwd.medianMs),
      fulgurFwdBwd: gf(t.fulgurFwdBwd.medianMs, 3),
      tfjsWasmFwd: gf(t.tfjsFwd.medianMs),
      tfjsWasmBwdInput: gf(t.tfjsBwdInput.medianMs),
      matmulSameShape: gf(t.fulgurMatmul.medianMs),
      matmul256: (2 * 256 ** 3) / (t.fulgurMatmul256.medianMs / 1e3) / 1e9,
    };
    console.error(`${s.name}: ${Object.entries(row).slice(1).map(([k, v]) => `${k} ${f2(v as number)}`).join(", ")} GFLOP/s`);
    rows.push(row);
  }

  await tf.setBackend("fulgur-wasm");
  const fulgur = benchFulgurLenet(3 * budgetMs());
  console.error(`LeNet fulgur: ${f2(fulgur.msPerStep)} ms/step`);
  const torch = torchLenet();
  let layersWasm: StepRate | { error: string };
  try {
    await useTfjsWasm();
    layersWasm = await benchLayersLenet(3 * budgetMs());
  } catch (e) {
    layersWasm = { error: (e as Error).message };
  }
  console.error(`LeNet tfjs-layers fit (tfjs-wasm): ${"error" in layersWasm ? layersWasm.error : f2(layersWasm.msPerStep) + " ms/step"}`);
  await tf.setBackend("cpu");
  const layersCpu = await benchLayersLenet(3 * budgetMs());
  console.error(`LeNet tfjs-layers fit (tfjs-cpu): ${f2(layersCpu.msPerStep)} ms/step`);

  const lines = [
    "7. convolution (fulgur: direct SIMD conv kernels, im2col + matmul where the width stride is not 1; tfjs-backend-wasm NHWC, 1 thread), GFLOP/s per CPU second (process.cpuUsage; wall time on this shared machine is mostly preemption), higher is better",
    "   fwd+bwd = forward, input gradient and weight gradient (3 convolutions' flops); tfjs-wasm has no Conv2DBackpropFilter kernel",
    "shape                              fulgur fwd  fulgur fwd+bwd  tfjs-wasm fwd  tfjs-wasm bwd-input  fulgur matmul same shape  fulgur matmul 256³  fwd+bwd % of matmul 256³",
    ...rows.map((r) =>
      `${r.shape.padEnd(34)} ${f2(r.fulgurFwd).padStart(10)}  ${f2(r.fulgurFwdBwd).padStart(14)}  ${f2(r.tfjsWasmFwd).padStart(13)}  ${f2(r.tfjsWasmBwdInput).padStart(19)}  ${f2(r.matmulSameShape).padStart(24)}  ${f2(r.matmul256).padStart(18)}  ${(100 * r.fulgurFwdBwd / r.matmul256).toFixed(0).padStart(23)}%`),
    "",
    "   LeNet training step, batch 64 (conv-relu-pool ×2, 2 linear, Adam, cross-entropy), ms/step",
    `fulgur functional ops + Adam (fulgur-wasm)         ${f2(fulgur.msPerStep)}  (CPU time per step ${f2(fulgur.cpuMsPerStep!)})`,
    `tfjs-layers fit (tfjs-wasm)                        ${"error" in layersWasm ? "fails: " + layersWasm.error : f2(layersWasm.msPerStep) + `  (fulgur ${f2(layersWasm.msPerStep / fulgur.msPerStep)}× faster)`}`,
    `tfjs-layers fit (tfjs-cpu)                         ${f2(layersCpu.msPerStep)}  (fulgur ${f2(layersCpu.msPerStep / fulgur.msPerStep)}× faster)`,
    `torch eager CPU, 1 thread                          ${"error" in torch ? torch.error : f2(torch.msPerStep) + `  (fulgur ${f2(torch.msPerStep / fulgur.msPerStep)}× faster; CPU time per step ${f2(torch.cpuMsPerStep!)}, fulgur ${f2(torch.cpuMsPerStep! / fulgur.cpuMsPerStep!)}×)`}`,
  ];
  const table = lines.join("\n");
  console.error("\n" + table);
  emit({ conv: rows, lenet: { fulgur, layersWasm, layersCpu, torch }, table });
}

await main();
