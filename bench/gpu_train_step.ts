// One Adam training step of a 784-256-128-10 MLP (batch 128, cross-entropy), ms per step:
//   fulgur/webgpu  fulgur's autograd + nn + the Adam class (one flat WGSL update per param group), no readback
//   fulgur Trainer/webgpu  the same step as a LightningModule under Trainer, with norm clipping
//   tfjs/webgpu    a plain tfjs-core loop: tf.train.adam().minimize(...) on the same backend
//   fulgur/wasm    fulgur's autograd + the Adam class on fulgur-wasm (the CPU reference)
// Each figure: WARMUP steps, then STEPS steps and one `await data()` of a parameter at the end
// (the only GPU→CPU sync in the window). Figures only, no assertions.
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients; the tfjs union package imports this for minimize()
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { initWith } from "../ts/init.ts";
import { loadWasmBytes, now } from "../ts/runtime/node.ts";
import { nodeWebGPU } from "../ts/runtime/webgpu_node.ts";
import { initWebGPU, setGpuProvider } from "../ts/gpu/webgpu.ts";
import { adapterDescription } from "../ts/gpu/adapter_kind.ts";
import { Adam } from "../ts/optim/index.ts";
import { Linear, ReLU, Sequential, manualSeed } from "../ts/nn/index.ts";
import { crossEntropy } from "../ts/nn/functional.ts";
import { Tensor, type Parameter } from "../ts/autograd/tensor.ts";
import { scope } from "../ts/autograd/memory.ts";
import { countGpuWork, startGpuCount, type GpuCounts } from "./lib/gpu_counters.ts";
import { DataLoader, LightningModule, Trainer } from "../ts/trainer/index.ts";

const env = (k: string, d: number) => Number((globalThis as any).process?.env?.[k] ?? d);
const STEPS = env("STEPS", 5), WARMUP = env("WARMUP", 2), B = 128;
const LR = 1e-3, B1 = 0.9, B2 = 0.999, EPS = 1e-8;

function batchData(): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(B * 784), y = new Int32Array(B);
  let s = 12345;
  for (let i = 0; i < x.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; x[i] = s / 2 ** 32; }
  for (let i = 0; i < B; i++) y[i] = i % 10;
  return { x, y };
}
const data = batchData();

function mlp(): Sequential {
  manualSeed(0);
  return new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
}

interface Figure { ms: number; work?: GpuCounts }

async function time(step: () => void, last: () => tf.Tensor): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) step();
  await last().data();
  const t0 = now();
  for (let i = 0; i < STEPS; i++) step();
  await last().data();
  const ms = (now() - t0) / STEPS;
  if (tf.getBackend() !== "webgpu") return { ms };
  // one more step, counted (the counters' own cost stays out of the timing)
  const work = await countGpuWork((tf.backend() as unknown as { device: GPUDevice }).device, () => step());
  return { ms, work };
}

/** fulgur's forward/backward; `update` applies the optimizer to the parameters. */
function fulgurStep(net: Sequential, x: Tensor, update: (ps: Parameter[]) => void): () => void {
  const ps = net.parameters();
  return () => {
    for (const p of ps) { p.grad?.value.dispose(); p.grad = null; } // zero_grad(set_to_none=True)
    scope(() => crossEntropy(net.call(x), data.y).backward());
    update(ps);
  };
}

async function fulgurWebgpu(): Promise<Figure> {
  await tf.setBackend("webgpu");
  return fulgurAdam();
}

/** fulgur's Adam class on the active backend (on webgpu: one flat WGSL dispatch per param group). */
async function fulgurAdam(): Promise<Figure> {
  const net = mlp();
  const x = new Tensor(tf.keep(tf.tensor(data.x, [B, 784])));
  const opt = new Adam(net.parameters(), { lr: LR, betas: [B1, B2], eps: EPS });
  const ms = await time(fulgurStep(net, x, () => opt.step()), () => net.parameters()[0].value);
  opt.dispose();
  return ms;
}

/**
 * The user's path: a LightningModule under Trainer({ accelerator: "webgpu" }) with norm clipping
 * (zero_grad → backward → clip → Adam step, the batched loss read). ms = median gap between
 * batch ends; GPU work counted over one batch after the warm-up.
 */
class BenchMlp extends LightningModule {
  net = mlp();
  stamps: number[] = [];
  work: GpuCounts | undefined;
  private counting: { stop(): GpuCounts } | null = null;
  trainingStep(batch: { x: Tensor; y: Int32Array }): Tensor {
    return crossEntropy(this.net.call(batch.x), batch.y);
  }
  configureOptimizers() {
    return new Adam(this.parameters(), { lr: LR, betas: [B1, B2], eps: EPS });
  }
  onTrainBatchStart(): void {
    if (this.stamps.length === WARMUP + STEPS && tf.getBackend() === "webgpu") {
      this.counting = startGpuCount((tf.backend() as unknown as { device: GPUDevice }).device);
    }
  }
  onTrainBatchEnd(): void {
    this.stamps.push(now());
    if (this.counting) this.work = this.counting.stop();
    this.counting = null;
  }
}

async function fulgurTrainer(): Promise<Figure> {
  const rows = Array.from({ length: B }, (_, i) => Array.from(data.x.subarray(i * 784, (i + 1) * 784)));
  const loader = new DataLoader({ x: rows, y: Array.from(data.y) }, { batchSize: B });
  const model = new BenchMlp();
  const trainer = new Trainer({
    accelerator: "webgpu", maxSteps: WARMUP + STEPS + 1, gradientClipVal: 1.0, numSanityValSteps: 0, logger: false,
    enableCheckpointing: false, enableProgressBar: false, enableModelSummary: false,
  });
  await trainer.fit(model, loader);
  const gaps = model.stamps.slice(WARMUP).map((t, k, a) => (k ? t - a[k - 1] : NaN)).slice(1);
  return { ms: gaps.reduce((a, b) => a + b, 0) / gaps.length, work: model.work };
}

async function fulgurWasm(): Promise<Figure> {
  await tf.setBackend("fulgur-wasm");
  return fulgurAdam();
}

async function tfjsWebgpu(): Promise<Figure> {
  await tf.setBackend("webgpu");
  const init = (shape: number[]) => tf.variable(tf.randomUniform(shape, -0.05, 0.05, "float32", 1));
  const w = [init([784, 256]), init([256]), init([256, 128]), init([128]), init([128, 10]), init([10])];
  const x = tf.keep(tf.tensor(data.x, [B, 784]));
  const y = tf.keep(tf.oneHot(tf.tensor1d(data.y, "int32"), 10));
  const opt = tf.train.adam(LR, B1, B2, EPS);
  const step = () => {
    opt.minimize(() => {
      const h1 = tf.relu(tf.add(tf.matMul(x, w[0]), w[1]));
      const h2 = tf.relu(tf.add(tf.matMul(h1, w[2]), w[3]));
      return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h2, w[4]), w[5])) as tf.Scalar;
    });
  };
  return time(step, () => w[0]);
}

await initWith(loadWasmBytes);
setGpuProvider(nodeWebGPU);
const gpu = await initWebGPU();
const rows: Array<[string, Figure | string]> = [];
rows.push(["fulgur/webgpu", gpu ? await fulgurWebgpu() : "no adapter"]);
rows.push(["fulgur Trainer/webgpu", gpu ? await fulgurTrainer() : "no adapter"]);
rows.push(["tfjs/webgpu (minimize)", gpu ? await tfjsWebgpu() : "no adapter"]);
rows.push(["fulgur/wasm", await fulgurWasm()]);
console.log(`784-256-128-10 MLP, Adam, batch ${B}: ${STEPS} timed steps after ${WARMUP} warm-up; GPU work counted over one more step`);
console.log(`adapter: ${gpu ? adapterDescription() : "none"}`);
console.log("  path                     ms/step  dispatches  copies  clears  queue writes  submits");
for (const [name, v] of rows) {
  if (typeof v === "string") {
    console.log(`  ${name.padEnd(24)} ${v}`);
    continue;
  }
  const w = v.work;
  const cols = w ? [w.dispatches, w.copies, w.clears, w.writes, w.submits].map((x, k) => String(x).padStart([11, 8, 8, 14, 9][k])).join("") : "";
  console.log(`  ${name.padEnd(24)} ${v.ms.toFixed(2).padStart(8)}${cols}`);
}
const [f, t] = [rows[0][1], rows[2][1]];
if (typeof f !== "string" && typeof t !== "string") {
  console.log(`  fulgur/tfjs on webgpu: ${(t.ms / f.ms).toFixed(2)}× time, ${(t.work!.dispatches / f.work!.dispatches).toFixed(2)}× dispatches (>1 = fulgur ahead)`);
}
(globalThis as any).process?.exit?.(0); // Dawn keeps the event loop alive
