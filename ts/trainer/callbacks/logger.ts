// Lightning's `Logger` interface, reduced to what the trainer calls: metrics at the logging
// points (every logEveryNSteps stepped batches, epoch end, validation end), then save/finalize.
/** Lightning's Logger interface: what the Trainer calls to log metrics and hyperparameters (CSVLogger implements it). */
export interface Logger {
  readonly name: string;
  readonly version: number | string;
  /** Directory this logger writes to (ModelCheckpoint puts `checkpoints/` under it). */
  readonly logDir: string;
  logMetrics(metrics: Record<string, number>, step: number): void;
  logHyperparams(params: Record<string, unknown>): void;
  /** Writes what was logged so far (async file I/O; the trainer awaits it at batch/epoch ends). */
  save(): Promise<void>;
  finalize(status: string): Promise<void>;
  /** Resolves its version directory (e.g. version_N) before the first write. */
  setup?(): Promise<void>;
}
