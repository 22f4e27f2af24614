// Lightning's `EvaluationLoop` for validation: model in eval mode, no graph, validationStep per
// batch, then validationEpochEnd / onValidationEpochEnd and the epoch reductions of what was
// logged (which become callbackMetrics, except during the sanity check).
import { noGrad, scope } from "../deps.ts";
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
    const keepOutputs = isOverridden(model, "validationEpochEnd");
    const outputs: unknown[] = [];
    try {
      sync(() => {
        t.callHook("onValidationModelEval");
        t.callHook("onValidationStart");
        t.callHook("onValidationEpochStart");
      });
      const fetcher = new DataFetcher(loader, maxBatches);
      await fetcher.start();
      try {
        for (let batchIdx = 0; ; batchIdx++) {
          const next = await fetcher.next();
          if (next === null) break;
          try {
            const out = sync(() => this.step(next.batch, batchIdx, keepOutputs));
            if (keepOutputs) outputs.push(out);
          } finally {
            releaseBatch(next.batch);
          }
        }
      } finally {
        await fetcher.close();
      }
      logger.epochEndReached(logger.valResults);
      return sync(() => {
        if (keepOutputs) t.callHook("validationEpochEnd", outputs);
        t.callHook("onValidationEpochEnd");
        const metrics = logger.evaluationEpochEnd();
        if (!t.sanityChecking) t.logMetrics(metrics);
        t.callHook("onValidationEnd");
        t.callHook("onValidationModelTrain");
        return metrics;
      });
    } finally {
      disposeOutputs(outputs);
      logger.active = previous;
    }
  }

  private step(batch: unknown, batchIdx: number, keepOutput: boolean): unknown {
    const t = this.trainer;
    const model = t.lightningModule!;
    t.loggerConnector.onBatchStart(t.loggerConnector.valResults, batch);
    t.callHook("onValidationBatchStart", batch, batchIdx, 0);
    let output = t.callHook("validationStep", batch, batchIdx);
    if (isOverridden(model, "validationStepEnd")) output = t.callHook("validationStepEnd", output) ?? output;
    t.callHook("onValidationBatchEnd", output, batch, batchIdx, 0);
    t.loggerConnector.currentBatch = null;
    return keepOutput ? output : null;
  }
}
