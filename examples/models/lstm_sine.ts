// An LSTM sequence model: noisy sine waves of random frequency, phase and amplitude; at every
// step it predicts the next value. `nn.LSTM(1, 32, num_layers=2, batch_first=True)` and a
// Linear head read each [N, T, 1] batch the way a PyTorch user writes it; automatic
// optimization with Adam and a StepLR. The data comes from the torch-exact generator and
// fulgur's ops (sin in WASM), so every runtime sees the same waves.
//
//   npm run example -- examples/models/lstm_sine.ts          (full size: 30 epochs)
import {
  init, Adam, arange, DataLoader, Generator, LightningModule, Linear, LSTM, mseLoss, noGrad, rand, randn,
  seedEverything, StepLR, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";

export const SEQ_LEN = 40;
export const NOISE = 0.05;
type Batch = { x: Tensor; y: Tensor };

export class SineLSTM extends LightningModule {
  lstm = new LSTM(1, 32, { numLayers: 2, batchFirst: true });
  head = new Linear(32, 1);

  constructor(readonly lr = 1e-2) {
    super();
  }

  /** x: [N, T, 1] → the next value at every step, [N, T, 1]. */
  forward(x: Tensor): Tensor {
    const [out] = this.lstm.call(x); // out: [N, T, 32] (batch first), the top layer's h_t for every t
    return this.head.call(out);
  }

  trainingStep(batch: Batch, _batchIdx: number): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("train_loss", loss, { progBar: true });
    return loss;
  }

  validationStep(batch: Batch, _batchIdx: number): void {
    const pred = this.forward(batch.x);
    this.log("val_loss", mseLoss(pred, batch.y));
    // the last step only: by then the LSTM has seen 40 values of the wave
    this.log("val_last_mse", mseLoss(pred.select(1, -1), batch.y.select(1, -1)));
  }

  configureOptimizers() {
    const optimizer = new Adam(this.parameters(), { lr: this.lr });
    return { optimizer, lrScheduler: new StepLR(optimizer, { stepSize: 10, gamma: 0.5 }) };
  }
}

/** n waves a·sin(ω t + φ) + noise over SEQ_LEN + 1 steps: x = steps 0..T-1, y = steps 1..T. */
export function sineWaves(n: number, generator: Generator): { x: Tensor; y: Tensor } {
  return noGrad(() => {
    const omega = rand([n, 1], { generator }).mul(0.3).add(0.15); // 0.15..0.45 rad per step
    const phase = rand([n, 1], { generator }).mul(2 * Math.PI);
    const amp = rand([n, 1], { generator }).mul(0.5).add(0.5);
    const t = arange(SEQ_LEN + 1).unsqueeze(0); // [1, T+1]
    const wave = omega.mul(t).add(phase).sin().mul(amp).add(randn([n, SEQ_LEN + 1], { generator }).mul(NOISE));
    const seq = wave.unsqueeze(-1); // [n, T+1, 1]
    return { x: seq.narrow(1, 0, SEQ_LEN), y: seq.narrow(1, 1, SEQ_LEN) };
  });
}

/** MSE of "the next value equals this one" on the last step: the bar a sequence model must clear. */
function lastValueBaseline(d: { x: Tensor; y: Tensor }): number {
  return noGrad(() => mseLoss(d.x.select(1, -1), d.y.select(1, -1)).item());
}

export async function main({ epochs = 30, nTrain = 1024, log = true } = {}) {
  const backend = await init();
  seedEverything(0);
  const gen = new Generator(2024);
  const train = sineWaves(nTrain, gen);
  const valid = sineWaves(256, gen);
  const trainLoader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
  const validLoader = new DataLoader(valid, { batchSize: 256 });
  const model = new SineLSTM();
  const losses: number[] = [];
  const val: { loss: number; last: number }[] = [];
  model.onTrainBatchEnd = function (this: SineLSTM) { losses.push(this.trainer!.callbackMetrics.train_loss); };
  model.onValidationEpochEnd = function (this: SineLSTM) {
    const m = this.trainer!.callbackMetrics;
    val.push({ loss: m.val_loss, last: m.val_last_mse });
    if (log) console.log(`epoch ${String(val.length).padStart(2)}/${epochs}  train_loss ${m.train_loss?.toFixed(5)}  val_loss ${m.val_loss?.toFixed(5)}  val_last_mse ${m.val_last_mse?.toFixed(5)}`);
  };
  const baseline = lastValueBaseline(valid);
  if (log) console.log(`LSTM on ${backend}: ${nTrain} noisy sine waves of ${SEQ_LEN} steps (noise σ ${NOISE}, so the best MSE is ≈ ${(NOISE ** 2).toFixed(4)})`);
  const started = performance.now();
  const trainer = new Trainer({ maxEpochs: epochs, numSanityValSteps: 0, enableProgressBar: false, logger: false, enableCheckpointing: false });
  await trainer.fit(model, trainLoader, validLoader);
  const seconds = (performance.now() - started) / 1000;
  if (log) {
    console.log(`last-step validation MSE ${val.at(-1)!.last.toFixed(5)} vs ${baseline.toFixed(5)} for "next = current" (${seconds.toFixed(1)} s)`);
  }
  return { model, losses, val, baseline, stepsPerEpoch: trainLoader.length! };
}

if (isMain("lstm_sine")) await main();
