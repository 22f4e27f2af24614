// Lightning's `DataFetcher` with one batch of look-ahead, so the loop knows whether the batch
// it is running is the epoch's last (trainer.isLastBatch) even for iterables of unknown length.
// Synchronous sources (an in-memory DataLoader, an array of batches, a sync iterable) are read
// without a promise per batch: `sync` tells the loop it may call nextSync().
import { releaseBatch } from "../batch_release.ts";
import { DataLoader } from "../data_loader.ts";
import { FulgurTypeError } from "../errors.ts";

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

function iteratorOf(source: any): { it: AnyIterator; sync: boolean } {
  if (source instanceof DataLoader) {
    const it = source.syncIterator();
    if (it !== null) return { it, sync: true };
  }
  if (typeof source?.[Symbol.asyncIterator] === "function") return { it: source[Symbol.asyncIterator](), sync: false };
  if (typeof source?.[Symbol.iterator] === "function") return { it: source[Symbol.iterator](), sync: true };
  throw new FulgurTypeError("the dataloader must be iterable (a DataLoader, an array of batches or an (async) iterable)");
}

/** Batches per epoch of a loader (Infinity when it has no length), before limits. */
export function loaderLength(source: any): number {
  const n = Array.isArray(source) ? source.length : source?.length;
  return typeof n === "number" ? n : Infinity;
}

type Fetched = { batch: unknown; isLast: boolean } | null;

export class DataFetcher {
  private it: AnyIterator | null = null;
  private pending: { batch: unknown } | null = null;
  /** True when the source is synchronous: nextSync() may be used instead of next(). */
  sync = false;
  fetched = 0;

  constructor(private readonly source: unknown, private readonly limit: number) {}

  async start(): Promise<void> {
    const { it, sync } = iteratorOf(this.source);
    this.it = it;
    this.sync = sync;
    this.fetched = 0;
    this.pending = sync ? this.pullSync() : await this.pull();
  }

  private async pull(): Promise<{ batch: unknown } | null> {
    if (this.fetched >= this.limit) return null;
    const r = await this.it!.next();
    return r.done ? null : { batch: r.value };
  }

  private pullSync(): { batch: unknown } | null {
    if (this.fetched >= this.limit) return null;
    const r = (this.it as Iterator<unknown>).next();
    return r.done ? null : { batch: r.value };
  }

  /** The next batch and whether it is the last one, or null when the epoch's data is exhausted. */
  async next(): Promise<Fetched> {
    if (this.sync) return this.nextSync();
    if (this.pending === null) return null;
    const { batch } = this.pending;
    this.fetched++;
    this.pending = await this.pull();
    return { batch, isLast: this.pending === null };
  }

  /** next() for a synchronous source (only when `sync`). */
  nextSync(): Fetched {
    if (this.pending === null) return null;
    const { batch } = this.pending;
    this.fetched++;
    this.pending = this.pullSync();
    return { batch, isLast: this.pending === null };
  }

  /** Stops early (maxSteps, a -1 from onTrainBatchStart): frees the look-ahead batch and closes the iterator. */
  async close(): Promise<void> {
    if (this.pending) releaseBatch(this.pending.batch);
    this.pending = null;
    await this.it?.return?.();
    this.it = null;
  }
}
