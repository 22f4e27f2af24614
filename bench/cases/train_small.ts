// Case 2b: a conformance-sized net (3-5-1 tanh, batch 4, Adam, MSE): µs per Trainer step
// and its split. The pieces are timed directly in a hand loop (forward+loss, backward,
// optimizer.step, zeroGrad); trainer overhead = whole Trainer step − those pieces.
import {
  init, Adam, DataLoader, LightningModule, Linear, manualSeed, mseLoss, scope, Sequential, Tanh, tensor, Trainer, type Tensor,
} from "../../ts/index.node.ts";
import { budgetMs, emit } from "../lib/emit.ts";
import { median, medianGapMs } from "../lib/timing.ts";

const BATCH = 4;
const ROWS = 64 * BATCH;

function dataset() {
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const row = [next(), next(), next()];
    x.push(row);
    y.push([0.5 * row[0] - row[1] * row[2]]);
  }
  return { x, y };
}

class Small extends LightningModule {
  net = new Sequential(new Linear(3, 5), new Tanh(), new Linear(5, 1));
  stamps: number[] = [];
  trainingStep(batch: { x: Tensor; y: Tensor }): Tensor {
    return mseLoss(this.net.call(batch.x), batch.y);
  }
  configureOptimizers() {
    return new Adam(this.parameters(), { lr: 0.01 });
  }
  onTrainBatchEnd(): void {
    this.stamps.push(performance.now());
  }
}

async function trainerStepMs(budget: number): Promise<number> {
  const loader = new DataLoader(dataset(), { batchSize: BATCH, shuffle: true, seed: 0 });
  const fit = async (steps: number) => {
    manualSeed(0);
    const model = new Small();
    const trainer = new Trainer({
      maxSteps: steps, numSanityValSteps: 0, logger: false, enableCheckpointing: false, enableProgressBar: false, enableModelSummary: false,
    });
    await trainer.fit(model, loader);
    return medianGapMs(model.stamps);
  };
  const estimate = await fit(50);
  return fit(Math.max(100, Math.min(200_000, Math.round(budget / estimate))));
}

/** The same step by hand, each piece timed; returns medians in ms. */
function pieces(budget: number) {
  manualSeed(0);
  const model = new Small();
  const opt = model.configureOptimizers();
  const data = dataset();
  const xs = [] as Tensor[];
  const ys = [] as Tensor[];
  for (let i = 0; i < ROWS; i += BATCH) {
    xs.push(tensor(data.x.slice(i, i + BATCH)));
    ys.push(tensor(data.y.slice(i, i + BATCH)));
  }
  const t = { forward: [] as number[], backward: [] as number[], step: [] as number[], zeroGrad: [] as number[], release: [] as number[] };
  const end = performance.now() + budget;
  for (let i = 0; i < 50 || performance.now() < end; i++) {
    const b = i % xs.length;
    let t3 = 0;
    const t0 = performance.now();
    let t1 = 0, t2 = 0, t4 = 0;
    scope(() => {
      const loss = mseLoss(model.net.call(xs[b]), ys[b]);
      t1 = performance.now();
      loss.backward();
      t2 = performance.now();
      opt.step();
      t3 = performance.now();
      opt.zeroGrad();
      t4 = performance.now();
    });
    const t5 = performance.now();
    if (i >= 20) { // skip warm-up
      t.forward.push(t1 - t0); t.backward.push(t2 - t1); t.step.push(t3 - t2); t.zeroGrad.push(t4 - t3); t.release.push(t5 - t4);
    }
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as Record<keyof typeof t, number>;
}

async function main(): Promise<void> {
  await init();
  const budget = 2 * budgetMs();
  const whole = await trainerStepMs(budget);
  const p = pieces(budget);
  const us = (ms: number) => ms * 1e3;
  const parts = p.forward + p.backward + p.step + p.zeroGrad;
  const result = {
    trainerStepUs: us(whole),
    forwardLossUs: us(p.forward),
    backwardUs: us(p.backward),
    optimizerStepUs: us(p.step),
    zeroGradUs: us(p.zeroGrad),
    scopeReleaseUs: us(p.release),
    overheadUs: us(whole - parts),
  };
  console.error(Object.entries(result).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", "));
  emit(result);
}

await main();
