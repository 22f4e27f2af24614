// Lightning's logger connector: owns the train and validation result collections and the
// metric dicts the trainer exposes (callbackMetrics, loggedMetrics, progressBarMetrics),
// refreshed at the same points as Lightning (batch end, epoch end, evaluation end).
import { DeferredReads } from "./deferred_reads.ts";
import { ResultCollection, type Metrics } from "./result_collection.ts";

export class LoggerConnector {
  readonly trainResults = new ResultCollection(true);
  readonly valResults = new ResultCollection(false);
  /** The collection `this.log()` writes to right now (null outside a loop). */
  active: ResultCollection | null = null;
  /** The batch being processed, for batch-size inference. */
  currentBatch: unknown = null;
  sanityChecking = false;
  /** `this.log` values and loss checks waiting for the batch-boundary read (webgpu only). */
  readonly deferred = new DeferredReads();

  private callback: Record<string, number> = {};
  private logged: Record<string, number> = {};
  private pbar: Record<string, number> = {};

  private live(): Metrics | null {
    return this.active ? this.active.metrics(!this.active.epochEndReached) : null;
  }

  private merge(m: Metrics): void {
    Object.assign(this.callback, m.callback);
    Object.assign(this.logged, m.log);
    Object.assign(this.pbar, m.pbar);
  }

  /** Like Lightning's property: the stored values updated with what the running loop holds now. */
  get callbackMetrics(): Record<string, number> {
    const m = this.live();
    if (m) Object.assign(this.callback, m.callback);
    return this.callback;
  }

  get loggedMetrics(): Record<string, number> {
    const m = this.live();
    if (m) Object.assign(this.logged, m.log);
    return this.logged;
  }

  get progressBarMetrics(): Record<string, number> {
    const m = this.live();
    if (m) Object.assign(this.pbar, m.pbar);
    return this.pbar;
  }

  onEpochStart(results: ResultCollection): void {
    results.epochEndReached = false;
  }

  onBatchStart(results: ResultCollection, batch: unknown): void {
    results.epochEndReached = false;
    this.currentBatch = batch;
  }

  /** What the last batch / epoch end logged (`logger=True` values), for the loggers. */
  lastStepLog: Record<string, number> = {};
  lastEpochLog: Record<string, number> = {};

  onBatchEnd(results: ResultCollection): void {
    const m = results.metrics(true);
    this.lastStepLog = m.log;
    this.merge(m);
    this.currentBatch = null;
  }

  epochEndReached(results: ResultCollection): void {
    results.epochEndReached = true;
  }

  /** Training epoch end: publish the epoch reductions. */
  onEpochEnd(results: ResultCollection): void {
    const m = results.metrics(false);
    this.lastEpochLog = m.log;
    this.merge(m);
  }

  /** After the epoch-end schedulers: the train collection starts the next epoch empty. */
  resetResults(results: ResultCollection): void {
    results.reset();
  }

  /** End of a validation run: its epoch values become callback metrics (not while sanity checking). */
  evaluationEpochEnd(): Record<string, number> {
    if (this.sanityChecking) return {};
    const m = this.valResults.metrics(false);
    this.merge(m);
    return m.log;
  }

  /** The published metric dicts (checkpoints save them: plateau schedulers read them after a resume). */
  stateDict(): Record<string, unknown> {
    return { callback: { ...this.callback }, logged: { ...this.logged }, pbar: { ...this.pbar }, train: this.trainResults.stateDict() };
  }

  loadStateDict(sd: Record<string, any>): void {
    this.callback = { ...sd.callback };
    this.logged = { ...sd.logged };
    this.pbar = { ...sd.pbar };
    this.trainResults.loadStateDict(sd.train);
  }

  resetMetrics(): void {
    this.callback = {};
    this.logged = {};
    this.pbar = {};
  }
}
