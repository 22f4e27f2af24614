// Lightning's `EvaluationLoop` for validation: model in eval mode, no graph, validationStep per
// batch, then validationEpochEnd / onValidationEpochEnd and the epoch reductions of what was
// logged (which become callbackMetrics, except during the sanity check).
import { noGrad, scope, scopeAsync } from "../deps.ts";
import { releaseBatch } from "../batch_release.ts";
import { isOverridden } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { disposeOutputs } from "./batch_outputs.ts";
import { DataFetcher } from "./data_fetcher.ts";

export class EvaluationLoop {
  constructor(private readonly trainer: Trainer) {}

  /** Runs up to maxBatches validation batches; returns the logged epoch metrics. */
  async run(loader: unknown, maxBatches: number): Promise<Record<string, number>> {
    const t = this.trainer;
    const logger = t.loggerConnector;
    const model = t.lightningModule!;
    const previous = logger.active;
    logger.active = logger.valResults;
    logger.valResults.reset();
    logger.onEpochStart(logger.valResults);
    const sync = <T>(fn: () => T): T => noGrad(() => scope(fn));
    // a hook returning a Promise is awaited (its part after its first await runs outside noGrad/scope)
    const hooks = async (...names: string[]): Promise<void> => {
      for (const name of names) await sync(() => ({ done: t.callHookAwaited(name) })).done;
    };
    const keepOutputs = isOverridden(model, "validationEpochEnd");
    const outputs: unknown[] = [];
    try {
      await hooks("onValidationModelEval", "onValidationStart", "onValidationEpochStart");
      const fetcher = new DataFetcher(loader, maxBatches);
      await fetcher.start();
      try {
        for (let batchIdx = 0; ; batchIdx++) {
          const next = await fetcher.next();
          if (next === null) break;
          try {
            const out = await this.step(next.batch, batchIdx, keepOutputs, sync);
            if (keepOutputs) outputs.push(out);
          } finally {
            releaseBatch(next.batch);
          }
        }
      } finally {
        await fetcher.close();
      }
      logger.epochEndReached(logger.valResults);
      if (keepOutputs) await sync(() => ({ done: t.callHookAwaited("validationEpochEnd", outputs) })).done;
      await hooks("onValidationEpochEnd");
      await logger.deferred.flush();
      const metrics = logger.evaluationEpochEnd();
      if (!t.sanityChecking) t.logMetrics(metrics);
      await hooks("onValidationEnd", "onValidationModelTrain");
      return metrics;
    } finally {
      disposeOutputs(outputs);
      logger.active = previous;
    }
  }

  /** One validation batch; its deferred reads (webgpu) are resolved before onValidationBatchEnd. */
  private step(batch: unknown, batchIdx: number, keepOutput: boolean, sync: <T>(fn: () => T) => T): Promise<unknown> {
    const t = this.trainer;
    const model = t.lightningModule!;
    // the output's tensors live until the batch ends (or, kept, until the epoch end)
    return scopeAsync(async () => {
      t.loggerConnector.onBatchStart(t.loggerConnector.valResults, batch);
      await sync(() => ({ done: t.callHookAwaited("onValidationBatchStart", batch, batchIdx, 0) })).done;
      const { output } = sync(() => {
        let out = t.callHook("validationStep", batch, batchIdx);
        if (isOverridden(model, "validationStepEnd")) out = t.callHook("validationStepEnd", out) ?? out;
        return { output: out };
      });
      await t.loggerConnector.deferred.flush();
      await sync(() => ({ done: t.callHookAwaited("onValidationBatchEnd", output, batch, batchIdx, 0) })).done;
      await t.loggerConnector.deferred.flush();
      t.loggerConnector.currentBatch = null;
      return keepOutput ? output : null;
    });
  }
}
