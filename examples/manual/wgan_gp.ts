// WGAN-GP (Gulrajani et al. 2017) with manual optimization on a 2-D mixture of 8 Gaussians on a
// ring: the critic is stepped on every batch and the generator every `nCritic` batches; the
// critic's loss holds the gradient penalty λ·(‖∂D(x̂)/∂x̂‖₂ − 1)² on random interpolates x̂ of
// real and generated points, which needs the gradient of a gradient (grad with createGraph).
// Adam with betas (0.5, 0.9) as in the paper.
//
//   npm run example -- examples/manual/wgan_gp.ts            (full size)
import {
  init, Adam, DataLoader, Generator, grad, LightningModule, Linear, liveTensorCount, manualSeed,
  noGrad, rand, randn, ReLU, Sequential, tensor, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { gaussian } from "../synthetic.ts";

// the ring's 8 modes (radius 2), written out so no JS Math.* computes data
const S = 1.4142135;
export const MODES = [[2, 0], [-2, 0], [0, 2], [0, -2], [S, S], [S, -S], [-S, S], [-S, -S]];
export const MODE_STD = 0.05;
const Z_DIM = 2;

export interface WganOptions {
  /** generator steps, a multiple of 10 (the critic takes nCritic steps per generator step) */
  genSteps?: number;
  nCritic?: number;
  batchSize?: number;
  hidden?: number;
  lr?: number;
  lambdaGp?: number;
  /** records liveTensorCount() at the start of every training step */
  trackMemory?: boolean;
}

type Batch = { x: Tensor };

class WGANGP extends LightningModule {
  G: Sequential;
  D: Sequential;
  private readonly zGen = new Generator(1234);
  private readonly epsGen = new Generator(99);
  dLosses: number[] = [];
  gps: number[] = [];
  liveCounts: number[] = [];

  constructor(readonly o: Required<WganOptions>) {
    super();
    this.automaticOptimization = false;
    const h = o.hidden;
    this.G = new Sequential(new Linear(Z_DIM, h), new ReLU(), new Linear(h, h), new ReLU(), new Linear(h, 2));
    this.D = new Sequential(new Linear(2, h), new ReLU(), new Linear(h, h), new ReLU(), new Linear(h, 1));
  }

  sampleG(n: number): Tensor {
    return this.G.call(randn([n, Z_DIM], { generator: this.zGen }));
  }

  /** λ·E[(‖∇ₓ̂ D(x̂)‖₂ − 1)²] on x̂ = ε·real + (1 − ε)·fake, ε ~ U[0, 1) per sample. */
  gradientPenalty(real: Tensor, fake: Tensor): [Tensor, Tensor] {
    const eps = rand([real.shape[0], 1], { generator: this.epsGen });
    const xHat = eps.mul(real).add(eps.neg().add(1).mul(fake)).detach().requiresGrad_(true);
    const [g] = grad(this.D.call(xHat).sum(), xHat, { createGraph: true });
    return [g!.norm(2, 1).sub(1).square().mean().mul(this.o.lambdaGp), xHat];
  }

  trainingStep(batch: Batch, batchIdx: number): void {
    if (this.o.trackMemory) this.liveCounts.push(liveTensorCount());
    const [gOpt, dOpt] = this.optimizers();
    const real = batch.x;
    const n = real.shape[0];

    // critic: maximise D(real) − D(fake) under the penalty
    const fake = this.sampleG(n).detach();
    const [gp, xHat] = this.gradientPenalty(real, fake);
    const dLoss = this.D.call(fake).mean().sub(this.D.call(real).mean()).add(gp);
    dOpt.zeroGrad();
    this.manualBackward(dLoss);
    dOpt.step();
    // x̂ is a leaf, so backward filled x̂.grad too (as torch does); a leaf's .grad outlives the
    // batch's scope in fulgur (it is kept, like a parameter's), so let it go here
    xHat.grad?.dispose();
    xHat.grad = null;
    this.dLosses.push(dLoss.item());
    this.gps.push(gp.item());

    // generator, once every nCritic critic steps
    if ((batchIdx + 1) % this.o.nCritic === 0) {
      const gLoss = this.D.call(this.sampleG(n)).mean().neg();
      gOpt.zeroGrad();
      this.manualBackward(gLoss);
      gOpt.step();
    }
  }

  configureOptimizers() {
    const opts = { lr: this.o.lr, betas: [0.5, 0.9] as [number, number] };
    return [new Adam(this.G.parameters(), opts), new Adam(this.D.parameters(), opts)];
  }
}

/** n seeded points of the mixture (mode chosen uniformly). */
export function mixture(n: number, seed: number): number[][] {
  const gen = new Generator(seed);
  return Array.from({ length: n }, () => {
    const m = MODES[Math.min(MODES.length - 1, Math.floor(gen.next() * MODES.length))];
    return [m[0] + MODE_STD * gaussian(gen), m[1] + MODE_STD * gaussian(gen)];
  });
}

/**
 * Fraction of points within `radius` of their nearest mode, how many modes got ≥ 1% of them, and
 * the mean squared distance to the nearest mode.
 */
export function modeStats(points: Float32Array, radius = 4 * MODE_STD): { nearFraction: number; modesCovered: number; meanSqDistance: number } {
  const counts = new Array(MODES.length).fill(0);
  let near = 0;
  let sq = 0;
  const n = points.length / 2;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bi = 0;
    MODES.forEach((m, j) => {
      const d = (points[2 * i] - m[0]) ** 2 + (points[2 * i + 1] - m[1]) ** 2;
      if (d < best) { best = d; bi = j; }
    });
    sq += best;
    if (best <= radius * radius) { near++; counts[bi]++; }
  }
  return { nearFraction: near / n, modesCovered: counts.filter((c) => c >= 0.01 * n).length, meanSqDistance: sq / n };
}

export async function main(opts: WganOptions = {}) {
  const o: Required<WganOptions> = {
    genSteps: 1000, nCritic: 5, batchSize: 128, hidden: 64, lr: 2e-3, lambdaGp: 0.1, trackMemory: true, ...opts,
  };
  await init();
  manualSeed(0);
  // an epoch of nCritic·10 batches is 10 generator steps
  const batchesPerEpoch = o.nCritic * 10;
  const loader = new DataLoader({ x: mixture(o.batchSize * batchesPerEpoch, 42) }, { batchSize: o.batchSize, shuffle: true, seed: 42 });
  const model = new WGANGP(o);
  const sample = () => noGrad(() => model.G.call(randn([1000, Z_DIM], { generator: new Generator(7) })).dataSync());
  const before = modeStats(sample() as Float32Array);
  const trainer = new Trainer({ maxEpochs: Math.ceil(o.genSteps / 10), enableProgressBar: false, enableCheckpointing: false, logger: false });
  await trainer.fit(model, loader);
  const after = modeStats(sample() as Float32Array);
  console.log(`manual/wgan_gp: ${o.genSteps} generator steps, ${o.nCritic} critic steps each`);
  console.log(`generated points within ${4 * MODE_STD} of a mode: ${(100 * before.nearFraction).toFixed(1)}% → ${(100 * after.nearFraction).toFixed(1)}%, modes covered ${before.modesCovered} → ${after.modesCovered} of ${MODES.length}, mean squared distance to the nearest mode ${before.meanSqDistance.toFixed(3)} → ${after.meanSqDistance.toFixed(3)}`);
  const steady = model.liveCounts.slice(batchesPerEpoch);
  if (steady.length) console.log(`live tensors at the start of each step after the first epoch: ${Math.min(...steady)}..${Math.max(...steady)} over ${steady.length} steps`);
  console.log(`last critic loss ${model.dLosses.at(-1)?.toFixed(4)}, gradient penalty ${model.gps.at(-1)?.toFixed(4)}`);
  return { before, after, dLosses: model.dLosses, gps: model.gps, liveCounts: model.liveCounts, globalStep: trainer.globalStep };
}

if (isMain("wgan_gp")) await main();
