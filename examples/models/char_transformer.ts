// A character-level transformer language model on Aesop's fables (examples/data/aesop.txt,
// Townsend's 1867 translation, public domain): token embedding + learned positional embedding,
// two TransformerEncoderLayers under a causal mask, a Linear head — the shape of a tiny GPT as
// a PyTorch user writes it with nn.TransformerEncoder. After training it samples a
// continuation with the torch-exact generator (cumulative-probability sampling with `rand`).
//
//   npm run example -- examples/models/char_transformer.ts          (full size: 12 epochs)
import { readFileSync } from "node:fs";
import {
  init, AdamW, arange, CosineAnnealingLR, crossEntropy, DataLoader, Embedding, generateSquareSubsequentMask, Generator,
  LayerNorm, LightningModule, Linear, noGrad, rand, scope, seedEverything, tensor, Trainer, TransformerEncoder,
  TransformerEncoderLayer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";

export const BLOCK = 32;
type Batch = { x: Tensor; y: Tensor };

export class CharTransformer extends LightningModule {
  tokEmb: Embedding;
  posEmb: Embedding;
  encoder: TransformerEncoder;
  lnF: LayerNorm;
  head: Linear;

  constructor(readonly vocabSize: number, dModel = 64, nhead = 4, numLayers = 2, readonly lr = 3e-3, readonly tMax = 1000) {
    super();
    this.tokEmb = new Embedding(vocabSize, dModel);
    this.posEmb = new Embedding(BLOCK, dModel);
    const layer = new TransformerEncoderLayer(dModel, nhead, { dimFeedforward: 4 * dModel, dropout: 0.1, batchFirst: true, normFirst: true });
    this.encoder = new TransformerEncoder(layer, numLayers);
    this.lnF = new LayerNorm([dModel]);
    this.head = new Linear(dModel, vocabSize);
  }

  /** idx: [N, T] token ids (T ≤ BLOCK) → logits [N, T, vocab]. */
  forward(idx: Tensor): Tensor {
    const T = idx.shape[1];
    const x = this.tokEmb.call(idx).add(this.posEmb.call(arange(T)));
    const mask = generateSquareSubsequentMask(T);
    return this.head.call(this.lnF.call(this.encoder.call(x, { mask })));
  }

  private loss(batch: Batch): Tensor {
    const logits = this.forward(batch.x);
    return crossEntropy(logits.view(-1, this.vocabSize), batch.y.view(-1));
  }

  trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = this.loss(batch);
    this.log("train_loss", loss, { progBar: true });
    return loss;
  }

  validationStep(batch: Batch, _batchIdx: number): void {
    this.log("val_loss", this.loss(batch));
  }

  configureOptimizers() {
    const optimizer = new AdamW(this.parameters(), { lr: this.lr, weightDecay: 0.01 });
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: this.tMax });
    return { optimizer, lrScheduler: { scheduler, interval: "step" } };
  }

  /** Appends `n` sampled characters to `prompt` (ids), in eval mode; draws from `generator`. */
  generate(prompt: number[], n: number, generator: Generator, temperature = 0.8): number[] {
    const ids = [...prompt];
    this.eval();
    for (let i = 0; i < n; i++) {
      const ctx = ids.slice(-BLOCK);
      const cdf = scope(() => noGrad(() => {
        const logits = this.forward(tensor([ctx], { dtype: "int64" }));
        return logits.select(1, -1).div(temperature).softmax(-1).cumsum(-1).dataSync();
      }));
      // torch.multinomial(probs, 1) with one uniform draw: the first index whose cumulative probability exceeds u
      const u = rand([1], { generator }).item() * cdf[cdf.length - 1];
      let next = cdf.findIndex((c) => c > u);
      if (next < 0) next = cdf.length - 1;
      ids.push(next);
    }
    this.train();
    return ids;
  }
}

/** Character vocabulary and (x, y) windows: y is x shifted by one character. */
export function charDataset(text: string, stride: number) {
  const chars = [...new Set(text)].sort();
  const stoi = new Map(chars.map((c, i) => [c, i]));
  const ids = [...text].map((c) => stoi.get(c)!);
  const windows = (from: number, to: number) => {
    const x: number[][] = [];
    const y: number[][] = [];
    for (let s = from; s + BLOCK + 1 <= to; s += stride) {
      x.push(ids.slice(s, s + BLOCK));
      y.push(ids.slice(s + 1, s + BLOCK + 1));
    }
    return { x: tensor(x, { dtype: "int64" }), y: tensor(y, { dtype: "int64" }) };
  };
  const cut = Math.floor(ids.length * 0.9); // the last tenth of the text is held out
  return { chars, stoi, ids, train: windows(0, cut), valid: windows(cut, ids.length) };
}

export async function main({ epochs = 12, stride = 4, trainLimit = Infinity, sampleLength = 300, log = true } = {}) {
  const backend = await init();
  seedEverything(0);
  const text = readFileSync("examples/data/aesop.txt", "utf8");
  const data = charDataset(text, stride);
  const n = Math.min(data.train.x.shape[0], trainLimit);
  const train = { x: data.train.x.narrow(0, 0, n), y: data.train.y.narrow(0, 0, n) };
  const trainLoader = new DataLoader(train, { batchSize: 32, shuffle: true, seed: 0, dropLast: true });
  const validLoader = new DataLoader(data.valid, { batchSize: 128 });
  const model = new CharTransformer(data.chars.length, 64, 4, 2, 3e-3, epochs * trainLoader.length!);
  const losses: number[] = [];
  const valLosses: number[] = [];
  model.onTrainBatchEnd = function (this: CharTransformer) { losses.push(this.trainer!.callbackMetrics.train_loss); };
  model.onValidationEpochEnd = function (this: CharTransformer) {
    const m = this.trainer!.callbackMetrics;
    valLosses.push(m.val_loss);
    if (log) console.log(`epoch ${String(valLosses.length).padStart(2)}/${epochs}  train_loss ${m.train_loss?.toFixed(4)}  val_loss ${m.val_loss?.toFixed(4)}`);
  };
  if (log) {
    console.log(`char transformer on ${backend}: ${text.length} characters, vocabulary ${data.chars.length}, ` +
      `${n} training windows of ${BLOCK}, ${data.valid.x.shape[0]} validation windows`);
  }
  const started = performance.now();
  const trainer = new Trainer({ maxEpochs: epochs, numSanityValSteps: 0, enableProgressBar: false, logger: false, enableCheckpointing: false, gradientClipVal: 1.0 });
  await trainer.fit(model, trainLoader, validLoader);
  const seconds = (performance.now() - started) / 1000;

  const prompt = "The Lion ";
  const sampled = model.generate([...prompt].map((c) => data.stoi.get(c)!), sampleLength, new Generator(42));
  const sample = sampled.map((i) => data.chars[i]).join("");
  if (log) {
    console.log(`final train_loss ${losses.at(-1)!.toFixed(4)}  val_loss ${valLosses.at(-1)!.toFixed(4)} nats/char (${seconds.toFixed(1)} s)`);
    console.log(`sample (temperature 0.8, torch-exact generator seeded 42):\n${sample}`);
  }
  return { model, losses, valLosses, sample, vocabSize: data.chars.length, uniformLoss: Math.log(data.chars.length) };
}

if (isMain("char_transformer")) await main();
