// Lightning's `OptimizerLoop` (automatic optimization): for each active optimizer, build the
// closure (training_step → zero_grad → backward) and either just run it (accumulating) or hand
// it to the `optimizerStep` hook. Counts the optimizer steps that make `globalStep`.
// A step that returns a Promise (LBFGS on webgpu without sync reads) is awaited here, at the
// batch level; without one everything stays synchronous.
import { LBFGS } from "../deps.ts";
import { Closure, ClosureResult } from "../closure.ts";
import { FulgurError } from "../errors.ts";
import { isOverridden } from "../lightning_module.ts";
import { isThenable } from "../lightning_optimizer.ts";
import type { Trainer } from "../trainer.ts";

export type OptimizerOutputs = Map<number, Record<string, unknown>>;

export class OptimizerLoop {
  /** Completed optimizer steps over the whole fit (automatic mode's global step). */
  optimizerSteps = 0;
  private indices: number[] = [];
  private position = 0;
  private outputs: OptimizerOutputs = new Map();

  constructor(private readonly trainer: Trainer) {}

  get done(): boolean {
    return this.position >= this.indices.length;
  }

  /**
   * Runs every optimizer in `indices` on this batch; returns each one's output by optimizer index —
   * as a Promise once an optimizer step turned out asynchronous.
   */
  run(batch: unknown, batchIdx: number, indices: number[]): OptimizerOutputs | Promise<OptimizerOutputs> {
    this.indices = indices;
    this.position = 0;
    this.outputs = new Map();
    while (!this.done) {
      const pending = this.advance(batch, batchIdx);
      if (pending !== null) return this.finishAsync(pending, batch, batchIdx);
    }
    return this.takeOutputs();
  }

  private async finishAsync(pending: Promise<void>, batch: unknown, batchIdx: number): Promise<OptimizerOutputs> {
    await pending;
    while (!this.done) {
      const next = this.advance(batch, batchIdx);
      if (next !== null) await next;
    }
    return this.takeOutputs();
  }

  private takeOutputs(): OptimizerOutputs {
    const out = this.outputs;
    this.outputs = new Map();
    return out;
  }

  /** One optimizer; null when it finished synchronously, else the Promise of its end. */
  private advance(batch: unknown, batchIdx: number): Promise<void> | null {
    const optIdx = this.indices[this.position];
    const finish = (result: ClosureResult): void => {
      if (result.loss !== null) {
        this.outputs.set(optIdx, result.asDict());
        // Lightning's fit_loop.running_loss.last(): the step's loss, undivided (the LR finder reads it)
        this.trainer.fitLoop.lastRunningLoss = this.trainer.accumulateGradBatches === 1 ? result.loss : result.loss.mul(this.trainer.accumulateGradBatches);
        this.trainer.fitLoop.runningLoss.record(result.loss, this.trainer.accumulateGradBatches, this.trainer.loggerConnector.deferred);
      }
      this.position++;
    };
    const result = this.runOptimization(batch, batchIdx, optIdx);
    if (result instanceof ClosureResult) {
      finish(result);
      return null;
    }
    return result.then(finish);
  }

  private runOptimization(batch: unknown, batchIdx: number, optIdx: number): ClosureResult | Promise<ClosureResult> {
    const t = this.trainer;
    const optimizer = t.optimizers[optIdx];
    const model = t.lightningModule!;
    const several = t.optimizers.length > 1;
    // only this optimizer's parameters get gradients while its closure runs
    if (several) model.toggleOptimizer(optimizer, optIdx);
    const closure = new Closure(
      () => this.trainingStep(batch, batchIdx, optIdx),
      // SWA's BatchNorm epoch runs forward passes only (Lightning's fit_loop._skip_backward)
      t.fitLoop.skipBackward ? null : (loss) => t.withFx("backward", () => t.precisionPlugin.backward(loss, optimizer, optIdx)),
      batchIdx % t.accumulateGradBatches === 0 ? () => this.zeroGrad(batchIdx, optimizer, optIdx) : null,
    );
    const end = (): ClosureResult => {
      const result = closure.consumeResult();
      if (several) model.untoggleOptimizer(optIdx);
      return result;
    };
    if (t.fitLoop.epochLoop.shouldAccumulate()) closure.call();
    else {
      const pending = this.optimizerStep(optimizer, optIdx, batchIdx, closure);
      if (pending !== null) return pending.then(end);
    }
    return end();
  }

  /** Calls the optimizerStep hook; returns the Promise of a step still running, else null. */
  private optimizerStep(optimizer: any, optIdx: number, batchIdx: number, closure: Closure): Promise<void> | null {
    const t = this.trainer;
    const shouldAccumulate = t.fitLoop.epochLoop.shouldAccumulate();
    const lightningOptimizer = t.lightningOptimizers[optIdx];
    const returned = t.callHook(
      "optimizerStep", t.currentEpoch, batchIdx, lightningOptimizer, optIdx, closure.call,
      false, false, optimizer instanceof LBFGS,
    );
    const count = (): void => {
      if (!shouldAccumulate) this.optimizerSteps++;
    };
    // the default hook does not return the step: LightningOptimizer keeps the one in flight
    const inFlight = lightningOptimizer?.takePendingStep() ?? null;
    if (!isThenable(returned) && inFlight === null) {
      count();
      return null;
    }
    return (async () => {
      if (isThenable(returned)) await returned;
      if (inFlight !== null) await inFlight;
      count();
    })();
  }

  private zeroGrad(batchIdx: number, optimizer: any, optIdx: number): void {
    const t = this.trainer;
    t.callHook("onBeforeZeroGrad", optimizer);
    t.callHook("optimizerZeroGrad", t.currentEpoch, batchIdx, optimizer, optIdx);
  }

  private trainingStep(batch: unknown, batchIdx: number, optIdx: number): ClosureResult {
    const t = this.trainer;
    const model = t.lightningModule!;
    const args: unknown[] = t.optimizers.length > 1 ? [batch, batchIdx, optIdx] : [batch, batchIdx];
    let output = t.callHook("trainingStep", ...args);
    if (isOverridden(model, "trainingStepEnd")) output = t.callHook("trainingStepEnd", output) ?? output;
    const result = ClosureResult.fromTrainingStepOutput(output, t.accumulateGradBatches);
    // the LR finder expects diverging losses: its divergence stop handles them
    if (result.loss !== null && !t.tolerateNonFiniteLoss) {
      const deferred = t.loggerConnector.deferred;
      const epoch = t.currentEpoch;
      if (deferred.deferring) {
        // webgpu: no read mid-step; checked with the batch's other scalars before onTrainBatchEnd
        deferred.defer([result.loss.value], ([v]) => {
          if (!Number.isFinite(v)) throw nonFiniteLoss(v, epoch, batchIdx, optIdx, "at the end of the batch (webgpu reads the loss only there), after it was back-propagated and the optimizer stepped");
        });
      } else {
        const v = result.loss.item();
        if (!Number.isFinite(v)) throw nonFiniteLoss(v, epoch, batchIdx, optIdx, "before this non-finite loss was back-propagated");
      }
    }
    return result;
  }
}

function nonFiniteLoss(v: number, epoch: number, batchIdx: number, optIdx: number, when: string): FulgurError {
  return new FulgurError(
    `The loss returned by \`trainingStep\` is ${v} (epoch ${epoch}, batch ${batchIdx}, optimizer ${optIdx}). Training stopped ${when}.`,
  );
}
