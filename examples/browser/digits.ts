// The digits CNN in the page: the LightningModule of examples/models/digits_cnn.ts trains live
// on the shipped 8×8 digits (fetched from /data/digits.csv) with its loss and validation
// accuracy plotted, then a person draws a digit on the pad and sees the prediction. The drawing
// is turned into the data set's own form: the ink's bounding box scaled into a 32×32 bitmap,
// then the on-pixels counted in 4×4 blocks, giving 8×8 values 0..16 (how the UCI images were made).
import {
  Adam, BatchNorm2d, Conv2d, crossEntropy, DataLoader, Flatten, LightningModule, Linear, MaxPool2d, noGrad, OneCycleLR,
  ReLU, scope, seedEverything, Sequential, tensor, Trainer, type Tensor,
} from "fulgur";
import { parseDigits } from "../data/digits_parse.ts";
import { drawSeries } from "./plot.ts";

type Batch = { x: Tensor; y: Tensor };

/** The same module as examples/models/digits_cnn.ts. */
class DigitsCNN extends LightningModule {
  features = new Sequential(
    new Conv2d(1, 32, 3, { padding: 1 }), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
    new Conv2d(32, 64, 3, { padding: 1 }), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
  );
  classifier = new Sequential(new Flatten(), new Linear(64 * 2 * 2, 10));
  losses: number[] = [];
  valAccs: number[] = [];

  constructor(readonly lr: number, readonly epochs: number, readonly stepsPerEpoch: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.classifier.call(this.features.call(x.view(-1, 1, 8, 8)));
  }

  trainingStep(batch: Batch): Tensor {
    const loss = crossEntropy(this.forward(batch.x), batch.y);
    this.losses.push(loss.item());
    return loss;
  }

  validationStep(batch: Batch): void {
    const pred = this.forward(batch.x).argmax(1).dataSync();
    const y = batch.y.dataSync();
    let hit = 0;
    for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hit++;
    this.log("val_acc", hit / y.length);
  }

  onValidationEpochEnd(): void {
    this.valAccs.push(this.trainer!.callbackMetrics.val_acc);
  }

  configureOptimizers() {
    const optimizer = new Adam(this.parameters(), { lr: this.lr });
    const scheduler = new OneCycleLR(optimizer, { maxLr: this.lr, epochs: this.epochs, stepsPerEpoch: this.stepsPerEpoch });
    return { optimizer, lrScheduler: { scheduler, interval: "step" } };
  }
}

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

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The pad's ink as the data set's 8×8 values 0..16 (null when nothing is drawn). */
export function padToDigit(pad: HTMLCanvasElement): number[] | null {
  const { width: w, height: h } = pad;
  const d = pad.getContext("2d")!.getImageData(0, 0, w, h).data;
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (d[(y * w + x) * 4] < 128) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  // the longer side fills the 32-pixel box, the other is centred (the UCI digits fill their height)
  const s = 32 / Math.max(bw, bh);
  const dw = Math.max(1, bw * s), dh = Math.max(1, bh * s);
  const small = document.createElement("canvas");
  small.width = small.height = 32;
  const ctx = small.getContext("2d")!;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, 32, 32);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(pad, x0, y0, bw, bh, (32 - dw) / 2, (32 - dh) / 2, dw, dh);
  const bits = ctx.getImageData(0, 0, 32, 32).data;
  const out = new Array(64).fill(0);
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (bits[(y * 32 + x) * 4] < 170) out[(y >> 2) * 8 + (x >> 2)]++;
  return out;
}

function drawPreview(canvas: HTMLCanvasElement, pixels: number[] | null): void {
  const ctx = canvas.getContext("2d")!;
  const c = canvas.width / 8;
  for (let i = 0; i < 64; i++) {
    const v = 255 - Math.round(((pixels?.[i] ?? 0) / 16) * 255);
    ctx.fillStyle = `rgb(${v},${v},${v})`;
    ctx.fillRect((i % 8) * c, Math.floor(i / 8) * c, Math.ceil(c), Math.ceil(c));
  }
}

function drawProbs(canvas: HTMLCanvasElement, probs: ArrayLike<number> | null): void {
  const ctx = canvas.getContext("2d")!;
  const { width: w, height: h } = canvas;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  const bw = w / 10;
  const best = probs ? Array.from(probs).indexOf(Math.max(...Array.from(probs))) : -1;
  ctx.font = "12px sans-serif";
  ctx.textAlign = "center";
  for (let k = 0; k < 10; k++) {
    const p = probs?.[k] ?? 0;
    ctx.fillStyle = k === best ? "#c0392b" : "#2471a3";
    ctx.fillRect(k * bw + 3, h - 16 - p * (h - 24), bw - 6, p * (h - 24));
    ctx.fillStyle = "#333";
    ctx.fillText(String(k), k * bw + bw / 2, h - 3);
  }
}

/** Wires the drawing pad; `predict` is called with the 8×8 values after every stroke. */
function setupPad(pad: HTMLCanvasElement, onStroke: () => void): () => void {
  const ctx = pad.getContext("2d")!;
  const clear = () => {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, pad.width, pad.height);
  };
  clear();
  let drawing = false;
  const at = (e: PointerEvent) => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * pad.width, ((e.clientY - r.top) / r.height) * pad.height];
  };
  pad.addEventListener("pointerdown", (e) => {
    drawing = true;
    pad.setPointerCapture(e.pointerId);
    const [x, y] = at(e);
    ctx.strokeStyle = "#000";
    ctx.fillStyle = "#000";
    ctx.lineWidth = pad.width / 12;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.arc(x, y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(x, y);
  });
  pad.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const [x, y] = at(e);
    ctx.lineTo(x, y);
    ctx.stroke();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    onStroke();
  };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);
  return clear;
}

export async function runDigits(backend: string, epochs: number): Promise<void> {
  const status = el<HTMLElement>("digits-status");
  const prediction = el<HTMLElement>("prediction");
  const pad = el<HTMLCanvasElement>("pad");
  const preview = el<HTMLCanvasElement>("preview");
  const probsCanvas = el<HTMLCanvasElement>("probs");
  drawPreview(preview, null);
  drawProbs(probsCanvas, null);

  seedEverything(0);
  const { train, valid } = parseDigits(await (await fetch("/data/digits.csv")).text());
  const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
  const stepsPerEpoch = loader.length!;
  const model = new DigitsCNN(0.01, epochs, stepsPerEpoch);
  let trained = false;

  const predict = () => {
    const pixels = padToDigit(pad);
    drawPreview(preview, pixels);
    if (!pixels) return;
    if (!trained) {
      prediction.textContent = "…still training";
      return;
    }
    const probs = scope(() => noGrad(() => model.forward(tensor([pixels.map((v) => v / 16)])).softmax(-1).dataSync()));
    drawProbs(probsCanvas, probs);
    const digit = Array.from(probs).indexOf(Math.max(...Array.from(probs)));
    prediction.textContent = `${digit}  (${(probs[digit] * 100).toFixed(1)}%)`;
    Object.assign(prediction.dataset, { digit: String(digit), probs: JSON.stringify(Array.from(probs)), pixels: JSON.stringify(pixels) });
  };
  const clear = setupPad(pad, predict);
  el<HTMLButtonElement>("clear").addEventListener("click", () => {
    clear();
    drawPreview(preview, null);
    drawProbs(probsCanvas, null);
    prediction.textContent = "";
    delete prediction.dataset.digit;
  });

  const total = epochs * stepsPerEpoch;
  const redraw = () => {
    drawSeries(el("digits-loss"), model.losses, { color: "#c0392b", yMin: 0, xSpan: total });
    drawSeries(el("digits-acc"), model.valAccs, { color: "#1e8449", yMin: Math.min(0.9, ...model.valAccs), yMax: 1, xSpan: epochs, xLabel: "epoch" });
    const acc = model.valAccs.at(-1);
    status.textContent = `digits CNN on ${backend}  step ${model.losses.length}/${total}  loss ${model.losses.at(-1)?.toFixed(4)}` +
      (acc === undefined ? "" : `  validation accuracy ${(acc * 100).toFixed(2)}%`);
  };
  const started = performance.now();
  const trainer = new Trainer({ maxEpochs: epochs, numSanityValSteps: 0, enableProgressBar: false, logger: false, enableCheckpointing: false });
  await trainer.fit(model, paintingLoader(loader, redraw), new DataLoader(valid, { batchSize: 360 }));
  model.eval();
  trained = true;
  redraw();
  const seconds = (performance.now() - started) / 1000;
  status.textContent += `\ndone in ${seconds.toFixed(1)} s: draw a digit in the box`;
  Object.assign(status.dataset, {
    trained: "1", steps: String(model.losses.length), firstLoss: String(model.losses[0]), lastLoss: String(model.losses.at(-1)),
    valAccs: JSON.stringify(model.valAccs),
  });
  predict(); // a digit drawn during training gets its prediction now
}
