// Lightning's `ManualOptimization` loop: one call to trainingStep, in which the user drives
// the optimizers; every LightningOptimizer.step() made during it counts one global step.
// On webgpu without sync reads LBFGS's step returns a Promise: the user writes an `async
// trainingStep` that does `await opt.step({ closure })`, and the loop awaits it (and any step
// left in flight). A synchronous trainingStep keeps the loop synchronous.
import { Tensor } from "../deps.ts";
import { MisconfigurationException } from "../errors.ts";
import { isOverridden } from "../lightning_module.ts";
import { isThenable } from "../lightning_optimizer.ts";
import type { Trainer } from "../trainer.ts";

const noop = () => {};

/** Lightning's `ManualResult.from_training_step_output`. */
function manualResult(output: unknown): Record<string, unknown> {
  let extra: Record<string, unknown> = {};
  if (output instanceof Tensor) {
    extra = { loss: output };
  } else if (typeof output === "object" && output !== null && !Array.isArray(output)) {
    extra = Object.fromEntries(Object.entries(output).filter(([k]) => k !== "hiddens"));
  } else if (output !== null && output !== undefined) {
    throw new MisconfigurationException(
      "In manual optimization, `training_step` must either return a Tensor, " +
        "a dict with extras to pass to `training_epoch_end` or have no return.",
    );
  }
  if (extra.loss instanceof Tensor) extra.loss = extra.loss.detach();
  return extra;
}

export class ManualLoop {
  /** Completed LightningOptimizer.step() calls over the whole fit (manual mode's global step). */
  stepsCompleted = 0;
  stepsReady = 0;

  constructor(private readonly trainer: Trainer) {}

  run(batch: unknown, batchIdx: number): Record<string, unknown> | Promise<Record<string, unknown>> {
    const t = this.trainer;
    for (const lo of t.lightningOptimizers) {
      lo.onBeforeStep = () => void this.stepsReady++;
      lo.onAfterStep = () => void this.stepsCompleted++;
    }
    let async = false;
    try {
      const output = t.callHook("trainingStep", batch, batchIdx);
      const inFlight = t.lightningOptimizers.map((lo) => lo.takePendingStep()).filter((p) => p !== null);
      if (!isThenable(output) && inFlight.length === 0) return this.finish(output);
      async = true;
      return this.finishAsync(output, inFlight).finally(() => this.detach());
    } finally {
      if (!async) this.detach();
    }
  }

  /** Awaits an async trainingStep (its `this.log` calls still count as trainingStep's) and the steps in flight. */
  private async finishAsync(output: unknown, inFlight: Array<Promise<unknown>>): Promise<Record<string, unknown>> {
    const model = this.trainer.lightningModule!;
    const prev = model._currentFxName;
    model._currentFxName = "trainingStep";
    try {
      if (isThenable(output)) output = await output;
      for (const p of inFlight) await p;
      for (const lo of this.trainer.lightningOptimizers) {
        const p = lo.takePendingStep();
        if (p !== null) await p;
      }
    } finally {
      model._currentFxName = prev;
    }
    return this.finish(output);
  }

  private finish(output: unknown): Record<string, unknown> {
    const t = this.trainer;
    if (isOverridden(t.lightningModule!, "trainingStepEnd")) output = t.callHook("trainingStepEnd", output) ?? output;
    return manualResult(output);
  }

  private detach(): void {
    for (const lo of this.trainer.lightningOptimizers) {
      lo.onBeforeStep = noop;
      lo.onAfterStep = noop;
    }
  }
}
