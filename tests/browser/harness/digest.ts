// The cross-runtime digest: a small conv net (conv, batch norm, pooling, dropout) and a transformer
// block (attention, layer norm, gelu, dropout) trained a few Adam steps on fulgur-wasm from
// manualSeed; FNV-1a over the float32 bits of every loss and every final parameter. Node computes
// it in the test, Chromium in the page: the two hashes must be equal.
import {
  Adam, AdaptiveAvgPool2d, BatchNorm2d, Conv2d, crossEntropy, Dropout, Flatten, Linear, manualSeed, MaxPool2d, mseLoss,
  randint, randn, ReLU, Sequential, TransformerEncoderLayer, type Module, type Tensor,
} from "../../../ts/index.ts";

const STEPS = 6;

class Fnv1a {
  h = 0x811c9dc5;
  words(a: ArrayLike<number>): void {
    const u = new Uint32Array(Float32Array.from(a).buffer);
    for (const w of u) {
      for (let k = 0; k < 4; k++) {
        this.h ^= (w >>> (8 * k)) & 0xff;
        this.h = Math.imul(this.h, 0x01000193) >>> 0;
      }
    }
  }
}

function train(model: Module, lossOf: () => Tensor, fnv: Fnv1a, losses: number[]): void {
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  model.train();
  for (let s = 0; s < STEPS; s++) {
    opt.zeroGrad();
    const loss = lossOf();
    loss.backward();
    opt.step();
    losses.push(loss.item());
    loss.dispose();
  }
  for (const [, p] of model.namedParameters()) fnv.words(p.dataSync());
  for (const [, b] of model.namedBuffers()) if (b.dtype === "float32") fnv.words(b.dataSync());
}

export interface Digest {
  hash: string;
  convLosses: number[];
  transformerLosses: number[];
}

export function digestRun(): Digest {
  const fnv = new Fnv1a();
  manualSeed(1234);
  const conv = new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
    new Conv2d(4, 6, 3), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(), new Dropout(0.2), new Linear(6, 3),
  );
  const x = randn([8, 1, 8, 8]);
  const y = randint(0, 3, [8]);
  const convLosses: number[] = [];
  train(conv, () => crossEntropy(conv.call(x), y), fnv, convLosses);

  const block = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.1, batchFirst: true, activation: "gelu", normFirst: true });
  const head = new Linear(8, 1);
  const both = new Sequential(block, head);
  const src = randn([4, 5, 8]);
  const target = randn([4, 5, 1]);
  const transformerLosses: number[] = [];
  train(both, () => mseLoss(head.call(block.call(src)), target), fnv, transformerLosses);
  fnv.words([...convLosses, ...transformerLosses]);
  return { hash: fnv.h.toString(16).padStart(8, "0"), convLosses, transformerLosses };
}
