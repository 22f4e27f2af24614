// The guide's configureGradientClipping per optimizer:
//   - "only A": clip the gradients of optimizer A (idx 0); B's are left alone;
//   - "B doubled": clip A with val and B with val * 2.
// The Trainer keeps gradientClipVal null and the model passes its values to clipGradients:
// Lightning 1.9.5 raises a MisconfigurationException when Trainer(gradientClipVal=v) is set
// and clipGradients receives a different value — the guide's code as written, run with
// Trainer(gradientClipVal=0.5), shows that error (caught and printed below).
//
//   node scripts/run_example.mjs examples/auto/clip_per_optimizer.ts
import {
  init, DataLoader, LightningModule, Linear, manualSeed, MisconfigurationException, mseLoss, SGD, Trainer, type Tensor,
} from "../fulgur.ts";
import { isMain } from "../is_main.ts";
import { linearRegression } from "../synthetic.ts";

type Batch = { x: Tensor; y: Tensor };
export type ClipStyle = "only_a" | "b_doubled" | "guide_with_trainer_val";
export const CLIP_VAL = 0.5;

/** The 2-norm of all gradients of an optimizer's parameters (what clip_grad_norm_ measures). */
function gradNorm(optimizer: any): number {
  let sumSq = 0;
  for (const group of optimizer.paramGroups) {
    for (const p of group.params) {
      if (p.grad === null) continue;
      for (const g of p.grad.dataSync()) sumSq += g * g;
    }
  }
  return Math.sqrt(sumSq);
}

class ClippedModel extends LightningModule {
  A = new Linear(3, 8);
  B = new Linear(8, 1);
  /** Gradient norms per optimizer, before and after configureGradientClipping. */
  norms: Array<Array<{ before: number; after: number }>> = [[], []];
  losses: number[] = [];

  constructor(readonly style: ClipStyle, clipVal: number) {
    super();
    this.saveHyperparameters({ clipVal });
  }

  forward(x: Tensor): Tensor {
    return this.B.call(this.A.call(x));
  }

  trainingStep(batch: Batch, _batchIdx: number, optimizerIdx: number): Tensor {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    if (optimizerIdx === 0) this.losses.push(loss.item());
    return loss;
  }

  configureGradientClipping(
    optimizer: any, optimizerIdx: number, gradientClipVal?: number | null, gradientClipAlgorithm?: string | null,
  ): void {
    const before = gradNorm(optimizer);
    if (this.style === "guide_with_trainer_val") {
      // the guide's code verbatim: Trainer(gradientClipVal) passed through, doubled for B
      if (optimizerIdx === 0) {
        this.clipGradients(optimizer, { gradientClipVal, gradientClipAlgorithm });
      } else if (optimizerIdx === 1) {
        this.clipGradients(optimizer, { gradientClipVal: gradientClipVal! * 2, gradientClipAlgorithm });
      }
    } else {
      // the Trainer has no clipping value: the model passes its own
      const val = this.hparams.clipVal as number;
      if (optimizerIdx === 0) {
        // Lightning will handle the gradient clipping
        this.clipGradients(optimizer, { gradientClipVal: val, gradientClipAlgorithm: "norm" });
      } else if (optimizerIdx === 1 && this.style === "b_doubled") {
        this.clipGradients(optimizer, { gradientClipVal: val * 2, gradientClipAlgorithm: "norm" });
      }
    }
    this.norms[optimizerIdx].push({ before, after: gradNorm(optimizer) });
  }

  configureOptimizers() {
    return [new SGD(this.A.parameters(), { lr: 0.05 }), new SGD(this.B.parameters(), { lr: 0.05 })];
  }
}

// large targets: the early gradients are far above the clipping bounds
const data = () => linearRegression(48, [3, -2, 4], 1, 0.1, 13);

async function run(style: "only_a" | "b_doubled") {
  manualSeed(0);
  const model = new ClippedModel(style, CLIP_VAL);
  const trainer = new Trainer({ maxEpochs: 8, gradientClipVal: null, enableProgressBar: false });
  await trainer.fit(model, new DataLoader(data(), { batchSize: 8 }));
  const max = (i: number, k: "before" | "after") => Math.max(...model.norms[i].map((n) => n[k]));
  // mean loss over the first and the last epoch (6 batches each)
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const firstLoss = mean(model.losses.slice(0, 6));
  const lastLoss = mean(model.losses.slice(-6));
  console.log(`${style}: loss ${firstLoss.toFixed(3)} → ${lastLoss.toFixed(3)}`);
  console.log(`  A: max grad norm ${max(0, "before").toFixed(3)} → clipped to ≤ ${max(0, "after").toFixed(3)} (bound ${CLIP_VAL})`);
  console.log(`  B: max grad norm ${max(1, "before").toFixed(3)} → ${max(1, "after").toFixed(3)}` +
    (style === "b_doubled" ? ` (bound ${CLIP_VAL * 2})` : " (not clipped)"));
  return { firstLoss, lastLoss, norms: model.norms, globalStep: trainer.globalStep };
}

/** The guide's example with Trainer(gradientClipVal=0.5): B passes 1.0, Lightning refuses. */
async function runGuideWithTrainerVal() {
  manualSeed(0);
  const model = new ClippedModel("guide_with_trainer_val", CLIP_VAL);
  const trainer = new Trainer({ maxEpochs: 1, gradientClipVal: CLIP_VAL, enableProgressBar: false });
  try {
    await trainer.fit(model, new DataLoader(data(), { batchSize: 8 }));
  } catch (e) {
    if (!(e instanceof MisconfigurationException)) throw e;
    console.log(`guide's code with Trainer(gradientClipVal=${CLIP_VAL}): ${e.name}: ${e.message}`);
    return { name: e.name, message: e.message, normsBeforeError: model.norms };
  }
  return null;
}

export async function main() {
  await init();
  const onlyA = await run("only_a");
  const bDoubled = await run("b_doubled");
  const misconfiguration = await runGuideWithTrainerVal();
  return { clipVal: CLIP_VAL, onlyA, bDoubled, misconfiguration };
}

if (isMain("clip_per_optimizer")) await main();
