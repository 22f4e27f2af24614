// Lightning's `EvaluationLoop` for validation and test: model in eval mode, no graph, validationStep per
// batch, then validationEpochEnd / onValidationEpochEnd and the epoch reductions of what was
// logged (which become callbackMetrics, except during the sanity check).
import { noGrad, scope, scopeAsync } from "../deps.ts";
import { releaseBatch } from "../batch_release.ts";
import { isOverridden } from "../lightning_module.ts";
import type { Trainer } from "../trainer.ts";
import { disposeOutputs } from "./batch_outputs.ts";
import { DataFetcher } from "./data_fetcher.ts";

/** The hook names of one evaluation stage (Lightning's validation or test loop). */
interface EvalHooks {
  modelEval: string; start: string; epochStart: string; batchStart: string; step: string; stepEnd: string;
  batchEnd: string; epochEndOutputs: string; epochEnd: string; end: string; modelTrain: string;
}

const HOOKS: Record<"validate" | "test", EvalHooks> = {
  validate: {
    modelEval: "onValidationModelEval", start: "onValidationStart", epochStart: "onValidationEpochStart",
    batchStart: "onValidationBatchStart", step: "validationStep", stepEnd: "validationStepEnd", batchEnd: "onValidationBatchEnd",
    epochEndOutputs: "validationEpochEnd", epochEnd: "onValidationEpochEnd", end: "onValidationEnd", modelTrain: "onValidationModelTrain",
  },
  test: {
    modelEval: "onTestModelEval", start: "onTestStart", epochStart: "onTestEpochStart",
    batchStart: "onTestBatchStart", step: "testStep", stepEnd: "testStepEnd", batchEnd: "onTestBatchEnd",
    epochEndOutputs: "testEpochEnd", epochEnd: "onTestEpochEnd", end: "onTestEnd", modelTrain: "onTestModelTrain",
  },
};

export class EvaluationLoop {
  private h: EvalHooks = HOOKS.validate;

  constructor(private readonly trainer: Trainer) {}

  /** Runs up to maxBatches batches of `stage` (validation by default); returns the logged epoch metrics. */
  async run(loader: unknown, maxBatches: number, stage: "validate" | "test" = "validate"): Promise<Record<string, number>> {
    this.h = HOOKS[stage];
    const h = this.h;
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
    const keepOutputs = isOverridden(model, h.epochEndOutputs);
    const outputs: unknown[] = [];
    try {
      await hooks(h.modelEval);
      // Lightning 1.9.5's evaluation on_run_start zeroes the module's gradients (torch 1.13: in place, not None)
      model.zeroGrad();
      await hooks(h.start, h.epochStart);
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
      if (keepOutputs) await sync(() => ({ done: t.callHookAwaited(h.epochEndOutputs, outputs) })).done;
      await hooks(h.epochEnd);
      await logger.deferred.flush();
      const metrics = logger.evaluationEpochEnd();
      if (!t.sanityChecking) t.logMetrics(metrics);
      await hooks(h.end, h.modelTrain);
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
      const h = this.h;
      await sync(() => ({ done: t.callHookAwaited(h.batchStart, batch, batchIdx, 0) })).done;
      const { output } = sync(() => {
        let out = t.callHook(h.step, batch, batchIdx);
        if (isOverridden(model, h.stepEnd)) out = t.callHook(h.stepEnd, out) ?? out;
        return { output: out };
      });
      await t.loggerConnector.deferred.flush();
      await sync(() => ({ done: t.callHookAwaited(h.batchEnd, output, batch, batchIdx, 0) })).done;
      await t.loggerConnector.deferred.flush();
      t.loggerConnector.currentBatch = null;
      return keepOutput ? output : null;
    });
  }
}
