// Lightning's fp32 `PrecisionPlugin` (+ the strategy calls that route into it): backward with
// its hooks, and the optimizer step whose closure is followed by onBeforeOptimizerStep and
// gradient clipping before the optimizer updates the weights.
import { clipGradNorm, clipGradValue } from "./deps.ts";
import type { Trainer } from "./trainer.ts";

export type GradClipAlgorithm = "norm" | "value";

/** All parameters of an optimizer's groups (Lightning's `main_params`). */
function mainParams(optimizer: any): any[] {
  return optimizer.paramGroups.flatMap((g: any) => g.params);
}

export class PrecisionPlugin {
  constructor(private readonly trainer: Trainer) {}

  /** Strategy.backward: onBeforeBackward → model.backward → onAfterBackward. */
  backward(loss: any, optimizer: any, optimizerIdx: number | null): void {
    const t = this.trainer;
    t.callHook("onBeforeBackward", loss);
    t.lightningModule!.backward(loss, optimizer, optimizerIdx);
    t.callHook("onAfterBackward");
  }

  /** Runs optimizer.step with a closure that, after the user's closure, fires the pre-step hook and clipping. */
  optimizerStep(optimizer: any, optimizerIdx: number, closure: () => unknown): unknown {
    const wrapped = () => {
      const result = closure();
      this.afterClosure(optimizer, optimizerIdx);
      return result;
    };
    return optimizer.step(wrapped);
  }

  private afterClosure(optimizer: any, optimizerIdx: number): void {
    const t = this.trainer;
    t.callHook("onBeforeOptimizerStep", optimizer, optimizerIdx);
    // manual optimization clips only where the user calls clipGradients
    if (!t.lightningModule!.automaticOptimization) return;
    t.callHook("configureGradientClipping", optimizer, optimizerIdx, t.gradientClipVal, t.gradientClipAlgorithm);
  }

  /** A value <= 0 clips nothing. */
  clipGradients(optimizer: any, clipVal: number, algorithm: GradClipAlgorithm): void {
    if (clipVal <= 0) return;
    if (algorithm === "value") this.clipGradByValue(optimizer, clipVal);
    else this.clipGradByNorm(optimizer, clipVal);
  }

  clipGradByValue(optimizer: any, clipVal: number): void {
    clipGradValue(mainParams(optimizer), clipVal);
  }

  clipGradByNorm(optimizer: any, clipVal: number): void {
    clipGradNorm(mainParams(optimizer), clipVal);
  }
}
