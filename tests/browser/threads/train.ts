// What the page and its worker train: the 784-256-10 MLP a few Adam steps (its matmuls and its
// Adam update are above the split thresholds, so threads > 1 really split them) and the harness's
// conv net + transformer block digest. FNV-1a over every loss and final parameter.
import { Adam, crossEntropy, Linear, manualSeed, randint, randn, ReLU, Sequential } from "../../../ts/index.ts";
import { digestRun } from "../harness/digest.ts";

function fnv(h: number, a: ArrayLike<number>): number {
  const b = new Uint8Array(Float32Array.from(a).buffer);
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
  return h;
}

export function mlpDigest(): string {
  manualSeed(7);
  const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
  const x = randn([64, 784]);
  const y = randint(0, 10, [64]);
  const opt = new Adam(model.parameters(), { lr: 0.001 });
  const losses: number[] = [];
  for (let s = 0; s < 3; s++) {
    opt.zeroGrad();
    const loss = crossEntropy(model.call(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
    loss.dispose();
  }
  let h = 0x811c9dc5;
  for (const p of model.parameters()) h = fnv(h, p.dataSync());
  return fnv(h, losses).toString(16).padStart(8, "0");
}

/** Both digests, "mlp/harness". */
export function trainDigest(): string {
  return `${mlpDigest()}/${digestRun().hash}`;
}
