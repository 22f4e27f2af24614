// Lightning's `OptimizerLoop` (automatic optimization): for each active optimizer, build the
// closure (training_step → zero_grad → backward) and either just run it (accumulating) or hand
// it to the `optimizerStep` hook. Counts the optimizer steps that make `globalStep`.
import { LBFGS } from "../deps.ts";
import { Closure, ClosureResult } from "../closure.ts";
import { FulgurError } from "../errors.ts";
import { isOverridden } from "../lightning_module.ts";
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

  /** Runs every optimizer in `indices` on this batch; returns each one's output by optimizer index. */
  run(batch: unknown, batchIdx: number, indices: number[]): OptimizerOutputs {
    this.indices = indices;
    this.position = 0;
    this.outputs = new Map();
    while (!this.done) this.advance(batch, batchIdx);
    const out = this.outputs;
    this.outputs = new Map();
    return out;
  }

  private advance(batch: unknown, batchIdx: number): void {
    const optIdx = this.indices[this.position];
    const result = this.runOptimization(batch, batchIdx, optIdx);
    if (result.loss !== null) this.outputs.set(optIdx, result.asDict());
    this.position++;
  }

  private runOptimization(batch: unknown, batchIdx: number, optIdx: number): ClosureResult {
    const t = this.trainer;
    const optimizer = t.optimizers[optIdx];
    const model = t.lightningModule!;
    const several = t.optimizers.length > 1;
    // only this optimizer's parameters get gradients while its closure runs
    if (several) model.toggleOptimizer(optimizer, optIdx);
    const closure = new Closure(
      () => this.trainingStep(batch, batchIdx, optIdx),
      (loss) => t.withFx("backward", () => t.precisionPlugin.backward(loss, optimizer, optIdx)),
      batchIdx % t.accumulateGradBatches === 0 ? () => this.zeroGrad(batchIdx, optimizer, optIdx) : null,
    );
    if (t.fitLoop.epochLoop.shouldAccumulate()) closure.call();
    else this.optimizerStep(optimizer, optIdx, batchIdx, closure);
    const result = closure.consumeResult();
    if (several) model.untoggleOptimizer(optIdx);
    return result;
  }

  private optimizerStep(optimizer: any, optIdx: number, batchIdx: number, closure: Closure): void {
    const t = this.trainer;
    const shouldAccumulate = t.fitLoop.epochLoop.shouldAccumulate();
    t.callHook(
      "optimizerStep", t.currentEpoch, batchIdx, t.lightningOptimizers[optIdx], optIdx, closure.call,
      false, false, optimizer instanceof LBFGS,
    );
    if (!shouldAccumulate) this.optimizerSteps++;
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
    if (result.loss !== null) {
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
