// What a run records through the LightningModule's public hooks, in the shape of `expect`.
import type { BatchRecord, EventRecord, FinalRecord, ValRecord } from "./scenario.ts";
import type { Recording } from "./compare.ts";

export type EventName = "zero_grad" | "backward" | "step" | "clip" | "sched" | "val" | "sanity";

export class Recorder implements Recording {
  batches: BatchRecord[] = [];
  events: EventRecord[] = [];
  final: FinalRecord = { global_step: -1, lrs: [], params: {}, callback_metrics: {} };
  /** One entry per validation run (format /2). */
  vals: ValRecord[] = [];
  /** `/3` init {torch_seed}: the parameters right after construction. */
  initParams?: Record<string, number[]>;
  /** Losses given to backward since the last batch ended. */
  pendingLosses: number[] = [];
  batchesStarted = 0;
  batchesEnded = 0;

  event(name: EventName, epoch: number, batchIdx: number, optimizerIdx: number | null): void {
    this.events.push([name, epoch, batchIdx, optimizerIdx]);
  }

  batchEnd(record: Omit<BatchRecord, "losses">): void {
    this.batches.push({ ...record, losses: this.pendingLosses });
    this.pendingLosses = [];
    this.batchesEnded++;
  }
}
