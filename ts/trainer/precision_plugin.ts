// Lightning's fp32 `PrecisionPlugin` (+ the strategy calls that route into it): backward with
// its hooks, and the optimizer step whose closure is followed by onBeforeOptimizerStep and
// gradient clipping before the optimizer updates the weights.
import { clipGradNormTensor, clipGradValue } from "./deps.ts";
import { AnomalyDetectedError } from "./errors.ts";
import type { Trainer } from "./trainer.ts";

export type GradClipAlgorithm = "norm" | "value";

/** All parameters of an optimizer's groups (Lightning's `main_params`). */
function mainParams(optimizer: any): any[] {
  return optimizer.paramGroups.flatMap((g: any) => g.params);
}

export class PrecisionPlugin {
  constructor(private readonly trainer: Trainer) {}

  /** Strategy.backward: onBeforeBackward → model.backward → onAfterBackward. */
  backward(loss: any, optimizer: any, optimizerIdx: number | null, ...args: any[]): void {
    const t = this.trainer;
    t.callHook("onBeforeBackward", loss);
    t.lightningModule!.backward(loss, optimizer, optimizerIdx, ...args);
    if (t.detectAnomaly) this.checkGradsFinite(optimizer, optimizerIdx);
    t.callHook("onAfterBackward");
  }

  /** detectAnomaly: a NaN/Inf gradient raises before any optimizer can apply it. */
  private checkGradsFinite(optimizer: any, optimizerIdx: number | null): void {
    const t = this.trainer;
    const model = t.lightningModule!;
    const owned = optimizer ? new Set(mainParams(optimizer)) : null;
    for (const [name, p] of model.namedParameters()) {
      if (p.grad === null || (owned && !owned.has(p))) continue;
      const g = p.grad.dataSync();
      for (let i = 0; i < g.length; i++) {
        if (Number.isFinite(g[i])) continue;
        const which = optimizerIdx === null ? "manual optimization" : `optimizer ${optimizerIdx} (${optimizer.constructor?.name})`;
        throw new AnomalyDetectedError(
          `The gradient of parameter "${name}" holds ${Number.isNaN(g[i]) ? "nan" : "inf"} after backward` +
            ` (epoch ${t.currentEpoch}, batch ${t.fitLoop.epochLoop.batchIdx}, ${which}).` +
            " Lower the learning rate, clip gradients (`gradientClipVal`) or check the loss for log/div of zero.",
        );
      }
    }
  }

  /**
   * Runs optimizer.step with a closure that, after the user's closure, fires the pre-step hook and
   * clipping. Returns what step returned: a Promise where the step reads asynchronously (LBFGS on webgpu).
   */
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
    // Lightning's clip_gradients discards the norm: the tensor form never reads it back (webgpu)
    clipGradNormTensor(mainParams(optimizer), clipVal).value.dispose();
  }
}
