// The guide's GAN (manual optimization, `const [gOpt, dOpt] = this.optimizers()`) with a
// convolutional generator (ConvTranspose2d, DCGAN-style) and discriminator (Conv2d) on the
// shipped 8×8 digits, pixels scaled to [-1, 1]. z comes from the torch-exact generator
// (`randn([n, Z_DIM, 1, 1], { generator })`), so every run is the same.
//
//   npm run example -- examples/models/conv_gan.ts          (full size: 30 epochs)
import {
  init, Adam, BatchNorm2d, binaryCrossEntropyWithLogits, Conv2d, ConvTranspose2d, DataLoader, Flatten, Generator,
  LeakyReLU, LightningModule, noGrad, ones, randn, ReLU, seedEverything, Sequential, Tanh, Trainer, zeros,
  type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { loadDigits } from "../data/digits.ts";

export const Z_DIM = 16;
type Batch = { x: Tensor };

export class DigitsGAN extends LightningModule {
  // z [N, 16, 1, 1] → [N, 64, 4, 4] → [N, 1, 8, 8]
  G = new Sequential(
    new ConvTranspose2d(Z_DIM, 64, 4, 1, 0), new BatchNorm2d(64), new ReLU(),
    new ConvTranspose2d(64, 1, 4, 2, 1), new Tanh(),
  );
  // [N, 1, 8, 8] → [N, 32, 4, 4] → [N, 1, 1, 1] → logit [N, 1]
  D = new Sequential(
    new Conv2d(1, 32, 4, 2, 1), new LeakyReLU(0.2),
    new Conv2d(32, 1, 4, 1, 0), new Flatten(),
  );
  criterion = binaryCrossEntropyWithLogits;
  readonly zGen = new Generator(1234);
  /** validation z: re-seeded every validation epoch, so each epoch judges G on the same noise */
  readonly valZGen = new Generator(99);
  gLosses: number[] = [];
  dLosses: number[] = [];

  constructor(readonly lr = 2e-3) {
    super();
    // Important: this property activates manual optimization.
    this.automaticOptimization = false;
  }

  /** Generates images from noise. */
  forward(z: Tensor): Tensor {
    return this.G.call(z);
  }

  sampleZ(n: number): Tensor {
    return randn([n, Z_DIM, 1, 1], { generator: this.zGen });
  }

  trainingStep(batch: Batch, _batchIdx: number): void {
    const [gOpt, dOpt] = this.optimizers();
    const X = batch.x.view(-1, 1, 8, 8);
    const batchSize = X.shape[0];
    const realLabel = ones([batchSize, 1]);
    const fakeLabel = zeros([batchSize, 1]);

    const gX = this.forward(this.sampleZ(batchSize));

    // Optimize Discriminator
    const errDReal = this.criterion(this.D.call(X), realLabel);
    const errDFake = this.criterion(this.D.call(gX.detach()), fakeLabel);
    const errD = errDReal.add(errDFake);
    dOpt.zeroGrad();
    this.manualBackward(errD);
    dOpt.step();

    // Optimize Generator
    const errG = this.criterion(this.D.call(gX), realLabel);
    gOpt.zeroGrad();
    this.manualBackward(errG);
    gOpt.step();

    this.logDict({ g_loss: errG, d_loss: errD }, { progBar: true });
    this.gLosses.push(errG.item());
    this.dLosses.push(errD.item());
  }

  onValidationEpochStart(): void {
    this.valZGen.manualSeed(99);
  }

  /** D's mean probability of "real" on held-out real digits and on G's images (eval mode: BatchNorm's running statistics). */
  validationStep(batch: Batch, _batchIdx: number): void {
    const X = batch.x.view(-1, 1, 8, 8);
    const gX = this.forward(randn([X.shape[0], Z_DIM, 1, 1], { generator: this.valZGen }));
    this.log("val_d_real", this.D.call(X).sigmoid().mean());
    this.log("val_d_fake", this.D.call(gX).sigmoid().mean());
  }

  configureOptimizers() {
    const gOpt = new Adam(this.G.parameters(), { lr: this.lr, betas: [0.5, 0.999] });
    const dOpt = new Adam(this.D.parameters(), { lr: this.lr, betas: [0.5, 0.999] });
    return [gOpt, dOpt];
  }
}

/** G's images for fixed z, in eval mode (BatchNorm's running statistics), as plain numbers. */
export function samples(model: DigitsGAN, z: Tensor): Float32Array {
  model.eval();
  const out = noGrad(() => model.forward(z).dataSync() as Float32Array);
  model.train();
  return out;
}

/** Mean over images of the per-pixel mean: how close the generated "average digit" is to the real one. */
function meanImage(pixels: ArrayLike<number>, n: number): number[] {
  const m = new Array(64).fill(0);
  for (let i = 0; i < n; i++) for (let p = 0; p < 64; p++) m[p] += pixels[i * 64 + p] / n;
  return m;
}

const rms = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

/** An 8×8 image in [-1, 1] as text: ' .:-=+*#%@' from dark to bright. */
export function asciiDigit(img: ArrayLike<number>): string {
  const ramp = " .:-=+*#%@";
  const lines: string[] = [];
  for (let r = 0; r < 8; r++) {
    let s = "";
    for (let c = 0; c < 8; c++) s += ramp[Math.max(0, Math.min(9, Math.round(((img[r * 8 + c] + 1) / 2) * 9)))].repeat(2);
    lines.push(s);
  }
  return lines.join("\n");
}

export async function main({ epochs = 30, trainLimit = Infinity, log = true } = {}) {
  const backend = await init();
  seedEverything(0);
  const { train, valid } = loadDigits();
  const n = Math.min(train.x.length, trainLimit);
  const x = train.x.slice(0, n).map((img) => img.map((v) => 2 * v - 1));
  const loader = new DataLoader({ x }, { batchSize: 64, shuffle: true, seed: 0, dropLast: true });
  const validLoader = new DataLoader({ x: valid.x.map((img) => img.map((v) => 2 * v - 1)) }, { batchSize: 360 });
  const model = new DigitsGAN();
  const zEval = randn([64, Z_DIM, 1, 1], { generator: new Generator(7) });
  const realMean = meanImage(x.flat(), x.length);
  const before = samples(model, zEval);
  if (log) console.log(`conv GAN on ${backend}: ${n} digit images, ${loader.length} batches per epoch, ${epochs} epochs`);
  const valD: { real: number; fake: number }[] = [];
  model.onValidationEpochEnd = function (this: DigitsGAN) {
    const m = this.trainer!.callbackMetrics;
    valD.push({ real: m.val_d_real, fake: m.val_d_fake });
  };
  const trainer = new Trainer({ maxEpochs: epochs, numSanityValSteps: 0, enableProgressBar: false, logger: false, enableCheckpointing: false });
  await trainer.fit(model, loader, validLoader);
  const after = samples(model, zEval);

  const startRms = rms(meanImage(before, 64), realMean);
  const endRms = rms(meanImage(after, 64), realMean);
  if (log) {
    const per = loader.length!;
    for (let e = 0; e < epochs; e += Math.max(1, Math.floor(epochs / 6))) {
      const avg = (a: number[]) => a.slice(e * per, (e + 1) * per).reduce((s, v) => s + v, 0) / per;
      console.log(`epoch ${String(e + 1).padStart(2)}  d_loss ${avg(model.dLosses).toFixed(4)}  g_loss ${avg(model.gLosses).toFixed(4)}`);
    }
    console.log(`last d_loss ${model.dLosses.at(-1)!.toFixed(4)}  g_loss ${model.gLosses.at(-1)!.toFixed(4)}`);
    console.log(`validation: D(real held-out digits) ${valD.at(-1)!.real.toFixed(3)}, D(G(z)) ${valD.at(-1)!.fake.toFixed(3)}`);
    console.log(`RMS between the mean generated image and the mean real image: ${startRms.toFixed(3)} → ${endRms.toFixed(3)}`);
    console.log("four samples after training:");
    const imgs = [0, 1, 2, 3].map((i) => asciiDigit(after.subarray(i * 64, (i + 1) * 64)).split("\n"));
    for (let r = 0; r < 8; r++) console.log(imgs.map((im) => im[r]).join("   "));
  }
  return { valD, gLosses: model.gLosses, dLosses: model.dLosses, before, after, startRms, endRms, globalStep: trainer.globalStep, batchesPerEpoch: loader.length! };
}

if (isMain("conv_gan")) await main();
