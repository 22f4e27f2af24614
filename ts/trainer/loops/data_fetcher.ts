// Lightning's `DataFetcher` with one batch of look-ahead, so the loop knows whether the batch
// it is running is the epoch's last (trainer.isLastBatch) even for iterables of unknown length.
import { releaseBatch } from "../batch_release.ts";
import { FulgurTypeError } from "../errors.ts";

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

function iteratorOf(source: any): AnyIterator {
  if (typeof source?.[Symbol.asyncIterator] === "function") return source[Symbol.asyncIterator]();
  if (typeof source?.[Symbol.iterator] === "function") return source[Symbol.iterator]();
  throw new FulgurTypeError("the dataloader must be iterable (a DataLoader, an array of batches or an (async) iterable)");
}

/** Batches per epoch of a loader (Infinity when it has no length), before limits. */
export function loaderLength(source: any): number {
  const n = Array.isArray(source) ? source.length : source?.length;
  return typeof n === "number" ? n : Infinity;
}

export class DataFetcher {
  private it: AnyIterator | null = null;
  private pending: { batch: unknown } | null = null;
  fetched = 0;

  constructor(private readonly source: unknown, private readonly limit: number) {}

  async start(): Promise<void> {
    this.it = iteratorOf(this.source);
    this.fetched = 0;
    this.pending = await this.pull();
  }

  private async pull(): Promise<{ batch: unknown } | null> {
    if (this.fetched >= this.limit) return null;
    const r = await this.it!.next();
    return r.done ? null : { batch: r.value };
  }

  /** The next batch and whether it is the last one, or null when the epoch's data is exhausted. */
  async next(): Promise<{ batch: unknown; isLast: boolean } | null> {
    if (this.pending === null) return null;
    const { batch } = this.pending;
    this.fetched++;
    this.pending = await this.pull();
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
