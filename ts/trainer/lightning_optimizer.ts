// Lightning's `LightningOptimizer`: wraps a torch-style optimizer so that `step()` goes through
// the trainer's precision plugin (closure → onBeforeOptimizerStep → clipping → step).
// An optimizer whose step returns a Promise (LBFGS on webgpu without sync reads) makes step()
// return that Promise; the step counts as done when it resolves.
import { MisconfigurationException } from "./errors.ts";

/** What a LightningOptimizer needs from the trainer that owns it. */
export interface OptimizerStepRunner {
  optimizerStep(optimizer: any, optimizerIdx: number, closure: () => unknown): unknown;
  toggleOptimizer?(optimizer: any, optimizerIdx: number): void;
  untoggleOptimizer?(optimizerIdx: number): void;
}

const doNothingClosure = (): undefined => undefined;

export type StepArg = (() => unknown) | { closure?: (() => unknown) | null } | null | undefined;

/** Lightning's LightningOptimizer: the wrapper `this.optimizers()` returns in a LightningModule (step with closure, zeroGrad). */
export class LightningOptimizer {
  readonly optimizer: any;
  optimizerIdx = 0;
  runner: OptimizerStepRunner | null = null;
  /** Set by the manual loop to count steps (Lightning's `_on_before_step` / `_on_after_step`). */
  onBeforeStep: () => void = doNothingClosure;
  onAfterStep: () => void = doNothingClosure;

  constructor(optimizer: any) {
    this.optimizer = optimizer;
  }

  get paramGroups(): any[] { return this.optimizer.paramGroups; }
  get state(): unknown { return this.optimizer.state; }
  get defaults(): unknown { return this.optimizer.defaults; }

  /**
   * The step still running asynchronously, if any (LBFGS on webgpu where sync reads are impossible):
   * the loops await it even when an `optimizerStep` override (or a manual trainingStep) does not.
   */
  pendingStep: Promise<unknown> | null = null;

  /** The asynchronous step started since the last call, if any (cleared). */
  takePendingStep(): Promise<unknown> | null {
    const p = this.pendingStep;
    this.pendingStep = null;
    return p;
  }

  /**
   * Accepts `step()`, `step(closure)` or `step({ closure })`; returns what the optimizer's step
   * returned — a Promise where the optimizer steps asynchronously (`await opt.step({ closure })`).
   */
  step(arg?: StepArg): unknown {
    this.onBeforeStep();
    let closure: unknown = typeof arg === "function" ? arg : arg?.closure;
    if (closure === undefined || closure === null) closure = doNothingClosure;
    else if (typeof closure !== "function") {
      throw new MisconfigurationException("When `optimizer.step(closure)` is called, the closure should be callable");
    }
    if (this.runner === null) throw new MisconfigurationException("This LightningOptimizer is not attached to a Trainer.");
    const out = this.runner.optimizerStep(this.optimizer, this.optimizerIdx, closure as () => unknown);
    if (!isThenable(out)) {
      this.onAfterStep();
      return out;
    }
    const pending = Promise.resolve(out).then((v) => {
      this.onAfterStep();
      return v;
    });
    this.pendingStep = pending;
    return pending;
  }

  zeroGrad(setToNone = false): void {
    this.optimizer.zeroGrad(setToNone);
  }

  /** Lightning's `toggle_model` context: only this optimizer's parameters get gradients inside fn. */
  toggleModel<T>(fn: () => T): T {
    this.runner?.toggleOptimizer?.(this, this.optimizerIdx);
    try {
      return fn();
    } finally {
      this.runner?.untoggleOptimizer?.(this.optimizerIdx);
    }
  }
}

export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as { then?: unknown } | null)?.then === "function";
}
