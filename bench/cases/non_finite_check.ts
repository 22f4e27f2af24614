// Case: the cost of Trainer(detectNonFinite) in the MLP case (784-256-128-10, batch 128, Adam):
// the Trainer's step time (check on, the default) beside the time of the check alone — one
// WASM read of the same 6 gradients (ts/optim/non_finite.ts) — and their ratio.
import { init, Linear, Sequential, ReLU } from "../../ts/index.ts";
import { init as initNode } from "../../ts/index.node.ts";
import { Tensor, randn } from "../../ts/index.ts";
import { checkGradsFinite, setDetectNonFinite } from "../../ts/optim/non_finite.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { benchFulgurMlp } from "../lib/mlp_fulgur.ts";
import { CLASSES, FEATURES } from "../lib/synthetic_mnist.ts";

async function main(): Promise<void> {
  void init;
  await initNode();
  const step = await benchFulgurMlp(3 * budgetMs());
  const net = new Sequential(new Linear(FEATURES, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, CLASSES));
  const params = net.parameters();
  for (const p of params) p.grad = randn(p.shape) as Tensor;
  const prev = setDetectNonFinite(true);
  const times: number[] = [];
  const end = performance.now() + budgetMs();
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) checkGradsFinite(params, "Adam");
    times.push((performance.now() - t0) / 20);
  }
  setDetectNonFinite(prev);
  times.sort((a, b) => a - b);
  const checkMs = times[times.length >> 1];
  const share = checkMs / step.msPerStep;
  console.error(`MLP step (detectNonFinite on): ${step.msPerStep.toFixed(3)} ms; the check alone: ${(checkMs * 1e3).toFixed(1)} µs = ${(share * 100).toFixed(2)} % of a step`);
  emit({ msPerStep: step.msPerStep, checkMs, share });
}

await main();
