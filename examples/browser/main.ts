// The browser demo: a LightningModule trains on the fulgur-wasm backend while the page
// plots the loss, the learning rate as the OneCycle schedule moves it, and the decision region.
// Bundled by scripts/browser/build_demo.mjs; "fulgur" resolves to dist/fulgur.browser.mjs.
import {
  init,
  Adam,
  binaryCrossEntropyWithLogits,
  DataLoader,
  Generator,
  LightningModule,
  Linear,
  manualSeed,
  noGrad,
  OneCycleLR,
  scope,
  Sequential,
  Tanh,
  tensor,
  Trainer,
  Tuner,
  type Tensor,
} from "fulgur";
import { drawRegion, drawSeries } from "./plot.ts";
import { runDigits } from "./digits.ts";

const EPOCHS = 40;
const BATCH = 32;
const GRID = 40;

const status = document.getElementById("status")!;
const lossCanvas = document.getElementById("loss") as HTMLCanvasElement;
const lrCanvas = document.getElementById("lr") as HTMLCanvasElement;
const regionCanvas = document.getElementById("region") as HTMLCanvasElement;
const lrFindBox = document.getElementById("lrfind")!;

/** Points in [-1, 1]², class 1 inside a disc: not linearly separable, easy for an MLP. */
function discData(n: number, seed: number) {
  const gen = new Generator(seed);
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = [2 * gen.next() - 1, 2 * gen.next() - 1];
    x.push(p);
    labels.push(p[0] * p[0] + p[1] * p[1] < 0.45 ? 1 : 0);
  }
  return { x, labels };
}

type Batch = { x: Tensor; y: Tensor };

class DiscClassifier extends LightningModule {
  net = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 16), new Tanh(), new Linear(16, 1));
  losses: number[] = [];
  lrs: number[] = [];

  constructor(private readonly stepsPerEpoch: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.net.call(x);
  }

  trainingStep(batch: Batch): Tensor {
    const loss = binaryCrossEntropyWithLogits(this.forward(batch.x), batch.y);
    this.losses.push(loss.item());
    return loss;
  }

  onTrainBatchStart(): void {
    this.lrs.push((this.optimizers() as { paramGroups: { lr: number }[] }).paramGroups[0].lr);
  }

  configureOptimizers() {
    const optimizer = new Adam(this.parameters(), { lr: 0.05 });
    const scheduler = new OneCycleLR(optimizer, { maxLr: 0.05, epochs: EPOCHS, stepsPerEpoch: this.stepsPerEpoch });
    return { optimizer, lrScheduler: { scheduler, interval: "step" } };
  }
}

/** P(class 1) on a GRID×GRID lattice over [-1, 1]² (rows top to bottom = y from -1 to 1). */
function regionProbabilities(model: DiscClassifier): Float32Array {
  const pts: number[][] = [];
  for (let r = 0; r < GRID; r++) for (let c = 0; c < GRID; c++) pts.push([((c + 0.5) / GRID) * 2 - 1, ((r + 0.5) / GRID) * 2 - 1]);
  return scope(() => noGrad(() => model.forward(tensor(pts)).sigmoid().dataSync()));
}

/** Passes batches through and lets the page paint between them (fit awaits each batch). */
function paintingLoader(inner: DataLoader, onBatch: () => void) {
  return {
    get length() {
      return inner.length;
    },
    async *[Symbol.asyncIterator]() {
      for await (const batch of inner) {
        yield batch;
        onBatch();
        await new Promise((r) => setTimeout(r, 0));
      }
    },
  };
}

async function main(): Promise<void> {
  const backend = await init();
  manualSeed(0);
  const data = discData(256, 11);
  const loader = new DataLoader({ x: data.x, y: data.labels.map((l) => [l]) }, { batchSize: BATCH, shuffle: true, seed: 0 });
  const stepsPerEpoch = loader.length!;
  const totalSteps = EPOCHS * stepsPerEpoch;
  const model = new DiscClassifier(stepsPerEpoch);

  const redraw = () => {
    drawSeries(lossCanvas, model.losses, { color: "#c0392b", yMin: 0, xSpan: totalSteps });
    drawSeries(lrCanvas, model.lrs, { color: "#2471a3", yMin: 0, yMax: 0.055, xSpan: totalSteps });
    status.textContent = `backend ${backend}  step ${model.losses.length}/${totalSteps}  loss ${model.losses.at(-1)?.toFixed(4)}  lr ${model.lrs.at(-1)?.toExponential(3)}`;
  };
  let seen = 0;
  const onBatch = () => {
    redraw();
    if (++seen % stepsPerEpoch === 0) drawRegion(regionCanvas, regionProbabilities(model), GRID, data.x, data.labels);
  };
  drawRegion(regionCanvas, regionProbabilities(model), GRID, data.x, data.labels);

  const started = performance.now();
  const trainer = new Trainer({ maxEpochs: EPOCHS, numSanityValSteps: 0, enableProgressBar: false });
  await trainer.fit(model, paintingLoader(loader, onBatch));
  redraw();

  const probs = noGrad(() => scope(() => model.forward(tensor(data.x)).sigmoid().dataSync()));
  const accuracy = data.labels.filter((l, i) => (probs[i] > 0.5 ? 1 : 0) === l).length / data.labels.length;
  const seconds = (performance.now() - started) / 1000;
  status.textContent += `\ndone: ${totalSteps} steps in ${seconds.toFixed(2)} s, training accuracy ${(accuracy * 100).toFixed(1)}%`;
  Object.assign(status.dataset, {
    done: "1",
    backend,
    steps: String(model.losses.length),
    firstLoss: String(model.losses[0]),
    lastLoss: String(model.losses.at(-1)),
    lrs: JSON.stringify(model.lrs),
    accuracy: String(accuracy),
  });

  // Lightning's learning-rate finder on a fresh copy of the model: the plot is result.plot()'s SVG
  await showLrFinder(loader, stepsPerEpoch);

  // then the digits CNN (?digitsEpochs=N shortens it, as the Chromium test does)
  const epochs = Number(new URLSearchParams(location.search).get("digitsEpochs") ?? 10);
  await runDigits(backend, epochs);
}

/** Tuner(trainer).lrFind on a fresh DiscClassifier: the loss-vs-lr SVG and the suggested lr. */
async function showLrFinder(loader: DataLoader, stepsPerEpoch: number): Promise<void> {
  const fresh = new DiscClassifier(stepsPerEpoch);
  // lrFind trains at most numTraining steps (it ends early if the loss diverges); epochs must not cut it shorter
  const trainer = new Trainer({ maxEpochs: 20, numSanityValSteps: 0, enableProgressBar: false, enableModelSummary: false });
  const finder = await new Tuner(trainer).lrFind(fresh, loader, { minLr: 1e-4, maxLr: 1, numTraining: 60 });
  const suggestion = finder?.suggestion() ?? null;
  lrFindBox.innerHTML = finder ? finder.plot() : "";
  const caption = document.createElement("div");
  caption.textContent = `Tuner.lrFind: ${finder?.results.lr.length ?? 0} learning rates tried, suggestion ${suggestion === null ? "none" : suggestion.toExponential(3)}`;
  lrFindBox.appendChild(caption);
  Object.assign(lrFindBox.dataset, { done: "1", suggestion: String(suggestion), tried: String(finder?.results.lr.length ?? 0) });
}

main().catch((e) => {
  status.textContent = `error: ${(e as Error).stack ?? e}`;
  status.dataset.error = String(e);
});
