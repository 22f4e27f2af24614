// Test helper: a 2→3→1 LightningModule whose optimizer setup is picked by name, and the
// shuffled data it trains on. Used in-process and by the kill/resume child script.
import { Linear, Sequential, Tanh } from "../../ts/nn/index.ts";
import { mseLoss } from "../../ts/nn/functional.ts";
import { Adam, LBFGS, SGD } from "../../ts/optim/index.ts";
import { OneCycleLR, ReduceLROnPlateau, StepLR } from "../../ts/optim/lr_scheduler/index.ts";
import { DataLoader, LightningModule } from "../../ts/index.ts";

export type Setup = "sgd_onecycle" | "adam_plateau" | "lbfgs" | "manual_adam_steplr";

export class ResumeModel extends LightningModule {
  net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
  constructor(readonly setup: Setup) {
    super();
    this.automaticOptimization = setup !== "manual_adam_steplr";
    this.saveHyperparameters({ setup, hidden: 3 });
    // fixed initial weights: every instance starts from the same point
    const init: Record<string, Float32Array> = {};
    let k = 0;
    for (const [name, p] of this.namedParameters()) init[name] = Float32Array.from({ length: p.size }, () => Math.fround(((k++ * 37) % 17) / 17 - 0.5));
    this.loadStateDict(init);
  }
  forward(x: any): any { return this.net.call(x); }
  trainingStep(batch: any): any {
    const loss = mseLoss(this.forward(batch.x), batch.y);
    this.log("loss", loss, { onStep: true, onEpoch: true, progBar: true });
    if (this.automaticOptimization) return loss;
    const opt = this.optimizers();
    opt.zeroGrad();
    this.manualBackward(loss);
    opt.step();
    if (this.trainer!.isLastBatch) this.lrSchedulers().step();
    return undefined;
  }
  configureOptimizers(): any {
    const params = this.parameters();
    switch (this.setup) {
      case "sgd_onecycle": {
        const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
        return { optimizer: opt, lr_scheduler: { scheduler: new OneCycleLR(opt, { maxLr: 0.2, totalSteps: 40 }), interval: "step" } };
      }
      case "adam_plateau": {
        const opt = new Adam(params, { lr: 0.05 });
        const sch = new ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
        return { optimizer: opt, lr_scheduler: { scheduler: sch, interval: "step", monitor: "loss" } };
      }
      case "lbfgs":
        return new LBFGS(params, { lr: 0.5, maxIter: 3, historySize: 4 });
      case "manual_adam_steplr": {
        const opt = new Adam(params, { lr: 0.05 });
        return [[opt], [new StepLR(opt, { stepSize: 1, gamma: 0.7 })]];
      }
    }
  }
}

export function resumeData(): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 10; i++) {
    const a = ((i * 7) % 11) / 11 - 0.5;
    const b = ((i * 5) % 13) / 13 - 0.5;
    x.push([a, b]);
    y.push([Math.sin(3 * a) - b * b]);
  }
  return { x, y };
}

/** 10 shuffled rows in batches of 3: 4 batches per epoch, the last one short. */
export const resumeLoader = () => new DataLoader(resumeData(), { batchSize: 3, shuffle: true, seed: 7 });

/** Accumulation only where Lightning allows it (automatic optimization, not LBFGS). */
export const accumulationFor = (setup: Setup) => (setup === "sgd_onecycle" || setup === "adam_plateau" ? 3 : 1);

/** Hex of every parameter's float32 bits, in torch-name order. */
export function paramHash(model: LightningModule): string {
  let out = "";
  for (const [name, p] of model.namedParameters()) {
    const bytes = new Uint8Array(p.dataSync().buffer);
    out += name + ":" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") + ";";
  }
  return out;
}
