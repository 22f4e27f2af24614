// Lightning's `ManualOptimization` loop: one call to trainingStep, in which the user drives
// the optimizers; every LightningOptimizer.step() made during it counts one global step.
import { Tensor } from "../deps.ts";
import { MisconfigurationException } from "../errors.ts";
import { isOverridden } from "../lightning_module.ts";
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

  run(batch: unknown, batchIdx: number): Record<string, unknown> {
    const t = this.trainer;
    for (const lo of t.lightningOptimizers) {
      lo.onBeforeStep = () => void this.stepsReady++;
      lo.onAfterStep = () => void this.stepsCompleted++;
    }
    try {
      let output = t.callHook("trainingStep", batch, batchIdx);
      if (isOverridden(t.lightningModule!, "trainingStepEnd")) output = t.callHook("trainingStepEnd", output) ?? output;
      return manualResult(output);
    } finally {
      for (const lo of t.lightningOptimizers) {
        lo.onBeforeStep = noop;
        lo.onAfterStep = noop;
      }
    }
  }
}
