// The automatic-optimization closure (Lightning's loops/optimization/closure.py): one object
// that runs training_step → zero_grad → backward each time the optimizer calls it and keeps
// the result for the loop to consume afterwards.
import { Tensor } from "./deps.ts";
import { MisconfigurationException } from "./errors.ts";
import { rankZeroWarn } from "./warnings.ts";

/** What one training_step produced, normalised (Lightning's `ClosureResult`). */
export class ClosureResult {
  /** The loss with its graph, already divided by accumulateGradBatches. */
  readonly closureLoss: Tensor | null;
  /** A detached copy of closureLoss. */
  readonly loss: Tensor | null;
  readonly extra: Record<string, unknown>;

  constructor(closureLoss: Tensor | null, extra: Record<string, unknown> = {}) {
    this.closureLoss = closureLoss;
    this.loss = closureLoss ? closureLoss.detach() : null;
    this.extra = extra;
  }

  static fromTrainingStepOutput(output: unknown, normalize = 1): ClosureResult {
    let closureLoss: Tensor | null = null;
    let extra: Record<string, unknown> = {};
    if (output instanceof Tensor) {
      closureLoss = output;
    } else if (typeof output === "object" && output !== null && !Array.isArray(output)) {
      const d = output as Record<string, unknown>;
      if (d.loss === undefined || d.loss === null) {
        throw new MisconfigurationException(
          "In automatic_optimization, when `training_step` returns a dict, the 'loss' key needs to be present",
        );
      }
      closureLoss = d.loss as Tensor;
      extra = Object.fromEntries(Object.entries(d).filter(([k]) => k !== "loss" && k !== "hiddens"));
    } else if (output !== null && output !== undefined) {
      throw new MisconfigurationException(
        "In automatic optimization, `training_step` must return a Tensor, a dict, or None (where the step will be skipped).",
      );
    }
    // divide for accumulation (not in place: the user may still hold the returned tensor)
    if (closureLoss !== null && normalize !== 1) closureLoss = closureLoss.div(normalize);
    return new ClosureResult(closureLoss, extra);
  }

  asDict(): Record<string, unknown> {
    return { loss: this.loss, ...this.extra };
  }
}

export type StepFn = () => ClosureResult;

/**
 * Callable object: `closure.call()` returns the detached loss (what an optimizer such as
 * LBFGS reads); the loop reads the full result with `consumeResult()`.
 */
export class Closure {
  private result: ClosureResult | null = null;
  /** What the optimizer calls; returns the detached loss (or null when the step was skipped). */
  readonly call: () => Tensor | null;

  constructor(
    private readonly stepFn: StepFn,
    private readonly backwardFn: ((loss: Tensor) => void) | null,
    private readonly zeroGradFn: (() => void) | null,
  ) {
    // assigned here, not as a class field: the bundle's keepNames would rename a field's arrow
    // function (Object.defineProperty) on every closure, i.e. every batch
    this.call = () => {
      this.result = this.run();
      return this.result.loss;
    };
  }

  run(): ClosureResult {
    const out = this.stepFn();
    if (out.closureLoss === null) {
      rankZeroWarn("`training_step` returned `None`. If this was on purpose, ignore this warning...");
    }
    if (this.zeroGradFn) this.zeroGradFn();
    if (this.backwardFn && out.closureLoss !== null) this.backwardFn(out.closureLoss);
    return out;
  }

  /** The result of the last call; raises if the closure never ran (an optimizerStep override forgot it). */
  consumeResult(): ClosureResult {
    if (this.result === null) {
      throw new MisconfigurationException(
        "The closure hasn't been executed." +
          " HINT: did you call `optimizer_closure()` in your `optimizer_step` hook? It could also happen because" +
          " the `optimizer.step(optimizer_closure)` call did not execute it internally.",
      );
    }
    const r = this.result;
    this.result = null;
    return r;
  }
}
