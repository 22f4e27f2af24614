// Calls a function with each training step's metrics (for live charts in a browser page):
// { epoch, step, batchIdx, metrics } after every batch, with the callback metrics of that step.
import { FulgurTypeError } from "../errors.ts";
import type { Trainer } from "../trainer.ts";
import { Callback } from "./callback.ts";

/** What MetricsStream's function receives: the step and the metrics logged. */
export interface StepMetrics {
  epoch: number;
  step: number;
  batchIdx: number;
  metrics: Record<string, number>;
}

/** Calls a function with the step and the logged metrics at every logging point (a live chart, a log line). */
export class MetricsStream extends Callback {
  constructor(private readonly onStep: (m: StepMetrics) => void, private readonly onEpoch?: (m: StepMetrics) => void) {
    super();
    if (typeof onStep !== "function") throw new FulgurTypeError("MetricsStream needs a function to call with each step's metrics");
  }

  override get stateKey(): string {
    return "MetricsStream";
  }

  override onTrainBatchEnd(trainer: Trainer, _m: unknown, _o: unknown, _b: unknown, batchIdx: number): void {
    this.onStep({ epoch: trainer.currentEpoch, step: trainer.globalStep, batchIdx, metrics: { ...trainer.callbackMetrics } });
  }

  override onTrainEpochEnd(trainer: Trainer): void {
    this.onEpoch?.({
      epoch: trainer.currentEpoch, step: trainer.globalStep, batchIdx: trainer.fitLoop.epochLoop.batchIdx,
      metrics: { ...trainer.callbackMetrics },
    });
  }
}
