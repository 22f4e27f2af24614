// Lightning's `PredictionLoop`: the model in eval mode, no graph, predictStep per batch; the
// outputs are returned in batch order. Nothing may be logged here (Lightning's rule).
import { noGrad } from "../deps.ts";
import { releaseBatch } from "../batch_release.ts";
import type { Trainer } from "../trainer.ts";
import { DataFetcher } from "./data_fetcher.ts";

export class PredictionLoop {
  constructor(private readonly trainer: Trainer) {}

  /** Runs up to maxBatches batches; returns one prediction per batch (kept alive for the caller). */
  async run(loader: unknown, maxBatches: number): Promise<unknown[]> {
    const t = this.trainer;
    const predictions: unknown[] = [];
    // a hook returning a Promise is awaited (its part after its first await runs outside noGrad)
    const hook = async (name: string, ...args: unknown[]): Promise<void> => {
      await noGrad(() => ({ done: t.callHookAwaited(name, ...args) })).done;
    };
    await hook("onPredictModelEval");
    await hook("onPredictStart");
    await hook("onPredictEpochStart");
    const fetcher = new DataFetcher(loader, maxBatches);
    await fetcher.start();
    try {
      for (let batchIdx = 0; ; batchIdx++) {
        const next = await fetcher.next();
        if (next === null) break;
        try {
          await hook("onPredictBatchStart", next.batch, batchIdx, 0);
          const out = noGrad(() => t.callHook("predictStep", next.batch, batchIdx, 0));
          const value = out instanceof Promise ? await out : out;
          predictions.push(value);
          await hook("onPredictBatchEnd", value, next.batch, batchIdx, 0);
        } finally {
          releaseBatch(next.batch);
        }
      }
    } finally {
      await fetcher.close();
    }
    await hook("onPredictEpochEnd", [predictions]);
    await hook("onPredictEnd");
    return predictions;
  }
}
