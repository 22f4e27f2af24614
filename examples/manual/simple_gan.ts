// The guide's SimpleGAN with manual optimization: two optimizers from
// `const [gOpt, dOpt] = this.optimizers()`, D updated on real vs detached fake samples,
// then G updated to fool D. G and D are small MLPs; the "real" data is a 2-D Gaussian
// blob and z comes from a seeded generator, so every run is the same.
//
//   node scripts/run_example.mjs examples/manual/simple_gan.ts
import {
  init, Adam, binaryCrossEntropyWithLogits, DataLoader, Generator, LeakyReLU, LightningModule, Linear, manualSeed,
  noGrad, ones, ReLU, Sequential, tensor, Trainer, zeros, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { gaussian } from "../synthetic.ts";

export const REAL_MEAN = [2, -1];
const REAL_STD = 0.25;
const Z_DIM = 2;

type Batch = { x: Tensor; label: Tensor };

class SimpleGAN extends LightningModule {
  G = new Sequential(new Linear(Z_DIM, 16), new ReLU(), new Linear(16, 2));
  D = new Sequential(new Linear(2, 16), new LeakyReLU(0.2), new Linear(16, 1));
  criterion = binaryCrossEntropyWithLogits;
  private readonly zGen = new Generator(1234);
  gLosses: number[] = [];
  dLosses: number[] = [];

  constructor() {
    super();
    // Important: this property activates manual optimization.
    this.automaticOptimization = false;
  }

  /** Generates samples from noise. */
  forward(z: Tensor): Tensor {
    return this.G.call(z);
  }

  sampleZ(n: number): Tensor {
    return tensor(Array.from({ length: n }, () => Array.from({ length: Z_DIM }, () => gaussian(this.zGen))));
  }

  sampleG(n: number): Tensor {
    return this.forward(this.sampleZ(n));
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    // Implementation follows the PyTorch DCGAN tutorial:
    const [gOpt, dOpt] = this.optimizers();

    const { x: X } = batch;
    const batchSize = X.shape[0];

    const realLabel = ones([batchSize, 1]);
    const fakeLabel = zeros([batchSize, 1]);

    const gX = this.sampleG(batchSize);

    // Optimize Discriminator
    const dX = this.D.call(X);
    const errDReal = this.criterion(dX, realLabel);

    let dZ = this.D.call(gX.detach());
    const errDFake = this.criterion(dZ, fakeLabel);

    const errD = errDReal.add(errDFake);

    dOpt.zeroGrad();
    this.manualBackward(errD);
    dOpt.step();

    // Optimize Generator
    dZ = this.D.call(gX);
    const errG = this.criterion(dZ, realLabel);

    gOpt.zeroGrad();
    this.manualBackward(errG);
    gOpt.step();

    this.logDict({ g_loss: errG, d_loss: errD }, { progBar: true });
    this.gLosses.push(errG.item());
    this.dLosses.push(errD.item());
  }

  configureOptimizers() {
    // The guide uses lr=1e-5; a larger rate makes this small example move within seconds.
    const gOpt = new Adam(this.G.parameters(), { lr: 5e-3, betas: [0.5, 0.999] });
    const dOpt = new Adam(this.D.parameters(), { lr: 5e-3, betas: [0.5, 0.999] });
    return [gOpt, dOpt];
  }
}

/** Mean of n generated samples from a fixed set of z: how far G's output sits from the real blob. */
function generatedMean(model: SimpleGAN, z: Tensor): number[] {
  return noGrad(() => {
    const m = model.G.call(z).mean(0).dataSync();
    return [m[0], m[1]];
  });
}

const distance = (a: number[], b: number[]) => Math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2);

export async function main() {
  await init();
  manualSeed(0);
  const gen = new Generator(42);
  const n = 256;
  const x = Array.from({ length: n }, () => REAL_MEAN.map((m) => m + REAL_STD * gaussian(gen)));
  const loader = new DataLoader({ x, label: new Float32Array(n).fill(1) }, { batchSize: 32, shuffle: true, seed: 42 });

  const model = new SimpleGAN();
  const zEval = (() => {
    const g = new Generator(7);
    return tensor(Array.from({ length: 256 }, () => [gaussian(g), gaussian(g)]));
  })();
  const startMean = generatedMean(model, zEval);
  const trainer = new Trainer({ maxEpochs: 25, enableProgressBar: false });
  await trainer.fit(model, loader);
  const endMean = generatedMean(model, zEval);

  const startDistance = distance(startMean, REAL_MEAN);
  const endDistance = distance(endMean, REAL_MEAN);
  const last = trainer.callbackMetrics;
  console.log(`manual/simple_gan: mean of G(z) [${startMean.map((v) => v.toFixed(3))}] → [${endMean.map((v) => v.toFixed(3))}] (real [${REAL_MEAN}])`);
  console.log(`distance to the real mean ${startDistance.toFixed(3)} → ${endDistance.toFixed(3)}`);
  console.log(`last g_loss ${last.g_loss?.toFixed(4)}  d_loss ${last.d_loss?.toFixed(4)}  global_step ${trainer.globalStep}`);
  return {
    startDistance, endDistance, gLosses: model.gLosses, dLosses: model.dLosses, globalStep: trainer.globalStep,
    batchesPerEpoch: loader.length!, epochs: trainer.currentEpoch, callbackMetrics: { ...last },
  };
}

if (isMain("simple_gan")) await main();
