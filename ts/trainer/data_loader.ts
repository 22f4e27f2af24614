// A torch-style DataLoader: cuts a dataset into batches of Tensors, in order or shuffled by a
// seeded generator. Datasets: a dict of equal-length columns (arrays of rows, typed arrays,
// Tensors), an array of rows, one Tensor (rows along dim 0), or any (async) iterable that
// already yields batches (passed through as is).
import * as tf from "@tensorflow/tfjs-core";
import { Tensor, tensor } from "./deps.ts";
import { markOwnedBatch } from "./batch_release.ts";
import { FulgurError } from "./errors.ts";
import { SeededRandom } from "./seeded_random.ts";

export interface DataLoaderOptions {
  batchSize?: number;
  shuffle?: boolean;
  /** Seed of the shuffling generator (default 0): the same seed gives the same order everywhere. */
  seed?: number;
  /** Drop the last batch when it is short (default false: kept). */
  dropLast?: boolean;
}

/** One field of the dataset, flattened: row i is values[i*rowSize, (i+1)*rowSize). */
interface Column {
  rowShape: number[];
  rowSize: number;
  values: Float32Array | Int32Array;
  /** Integer columns (class indices) come out as Int32Array, not Tensors. */
  integer: boolean;
  rows: number;
  /** [batchSize, ...rowShape], made on first use. */
  batchShape?: number[];
}

/** Below this many values per row, a plain loop copies a row faster than subarray + set. */
const SMALL_ROW = 16;

/** Rows order[start .. start+n) of one column, as a batch Tensor (or an Int32Array for integer columns). */
function columnBatch(c: Column, order: number[], start: number, n: number, shape: number[]): unknown {
  const size = c.rowSize;
  const src = c.values;
  const buf = c.integer ? new Int32Array(n * size) : new Float32Array(n * size);
  if (size === 1) {
    for (let i = 0; i < n; i++) buf[i] = src[order[start + i]];
  } else if (size <= SMALL_ROW) {
    for (let i = 0, at = 0; i < n; i++) {
      const from = order[start + i] * size;
      for (let j = 0; j < size; j++) buf[at++] = src[from + j];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const from = order[start + i] * size;
      buf.set(src.subarray(from, from + size), i * size);
    }
  }
  return c.integer ? buf : tensor(buf as Float32Array, shape);
}

type NestedNumbers = number | NestedNumbers[];

function shapeOf(x: NestedNumbers): number[] {
  const s: number[] = [];
  for (let d: NestedNumbers = x; Array.isArray(d); d = d[0]) s.push(d.length);
  return s;
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function columnFromRows(rows: ArrayLike<NestedNumbers>, what: string): Column {
  const n = rows.length;
  const rowShape = n ? shapeOf(rows[0]) : [];
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n * rowSize);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const flat: unknown[] = Array.isArray(row) ? (row as unknown[]).flat(Infinity as 1) : [row];
    if (!sameShape(shapeOf(row), rowShape) || flat.length !== rowSize) {
      throw new FulgurError(`DataLoader: ${what} row ${i} has shape [${shapeOf(row)}] but row 0 has shape [${rowShape}] (ragged rows)`);
    }
    for (let j = 0; j < rowSize; j++) {
      if (typeof flat[j] !== "number") throw new FulgurError(`DataLoader: ${what} row ${i} holds a non-number (${typeof flat[j]})`);
      values[i * rowSize + j] = flat[j] as number;
    }
  }
  return { rowShape, rowSize, values, integer: false, rows: n };
}

function columnFromTensor(t: tf.Tensor): Column {
  if (t.rank === 0) throw new FulgurError("DataLoader: a scalar tensor has no rows");
  const rowShape = t.shape.slice(1);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const integer = t.dtype === "int32";
  const data = t.dataSync();
  const values = integer ? Int32Array.from(data as ArrayLike<number>) : Float32Array.from(data as ArrayLike<number>);
  return { rowShape, rowSize, values, integer, rows: t.shape[0] };
}

function toColumn(v: unknown, what: string): Column {
  if (v instanceof Tensor) return columnFromTensor(v.value);
  if (v instanceof tf.Tensor) return columnFromTensor(v);
  if (v instanceof Int32Array || v instanceof Uint8Array || v instanceof Int16Array || v instanceof Uint16Array || v instanceof Int8Array) {
    return { rowShape: [], rowSize: 1, values: Int32Array.from(v), integer: true, rows: v.length };
  }
  if (v instanceof Float32Array || v instanceof Float64Array) {
    return { rowShape: [], rowSize: 1, values: Float32Array.from(v), integer: false, rows: v.length };
  }
  if (Array.isArray(v)) return columnFromRows(v as NestedNumbers[], what);
  throw new FulgurError(`DataLoader: ${what} must be an array, a typed array or a Tensor`);
}

const isIterable = (x: any) => x !== null && typeof x === "object" && (typeof x[Symbol.iterator] === "function" || typeof x[Symbol.asyncIterator] === "function");
const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

export class DataLoader {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly random: SeededRandom;
  /** Named columns (batches are objects), or one unnamed column under "" (batches are Tensors). */
  private readonly columns: Map<string, Column> | null = null;
  private readonly iterable: Iterable<unknown> | AsyncIterable<unknown> | null = null;
  private readonly numRows: number = 0;
  /** The columns in field order (the batch object's key order). */
  private readonly columnList: Array<[string, Column]> = [];
  /** True when batches are bare Tensors (one unnamed column), not objects. */
  private readonly unnamed: boolean = false;

  constructor(dataset: unknown, opts: DataLoaderOptions = {}) {
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new FulgurError(`batch_size should be a positive integer value, but got batch_size=${opts.batchSize}`);
    }
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.random = new SeededRandom(opts.seed ?? 0);

    if (isPlainObject(dataset) && !isIterable(dataset)) {
      this.columns = new Map(Object.entries(dataset).map(([k, v]) => [k, toColumn(v, `field '${k}'`)]));
    } else if (Array.isArray(dataset) && dataset.length > 0 && isPlainObject(dataset[0])) {
      this.columns = this.columnsFromRecords(dataset as Record<string, unknown>[]);
    } else if (Array.isArray(dataset) || dataset instanceof Tensor || dataset instanceof tf.Tensor) {
      this.columns = new Map([["", toColumn(dataset, "dataset")]]);
    } else if (isIterable(dataset)) {
      this.iterable = dataset as Iterable<unknown>;
    } else {
      throw new FulgurError("DataLoader: the dataset must be a dict of columns, an array of rows, a Tensor or an iterable of batches");
    }
    if (this.columns) {
      const entries = [...this.columns.entries()];
      if (entries.length === 0) throw new FulgurError("DataLoader: the dataset has no fields");
      const [firstKey, first] = entries[0];
      for (const [k, c] of entries) {
        if (c.rows !== first.rows) {
          throw new FulgurError(`DataLoader: field '${k}' has ${c.rows} rows but field '${firstKey}' has ${first.rows} (fields must have equal lengths)`);
        }
      }
      this.numRows = first.rows;
      this.columnList = entries;
      this.unnamed = entries.length === 1 && firstKey === "";
    }
  }

  private columnsFromRecords(records: Record<string, unknown>[]): Map<string, Column> {
    const keys = Object.keys(records[0]);
    records.forEach((r, i) => {
      const k = Object.keys(r);
      if (!isPlainObject(r) || k.length !== keys.length || !keys.every((key) => key in r)) {
        throw new FulgurError(`DataLoader: row ${i} has fields [${k}] but row 0 has [${keys}]`);
      }
    });
    return new Map(keys.map((k) => [k, columnFromRows(records.map((r) => r[k] as NestedNumbers), `field '${k}'`)]));
  }

  /** Number of batches per epoch (undefined for an iterable of unknown length). */
  get length(): number | undefined {
    if (this.iterable) {
      const n = (this.iterable as any).length;
      return typeof n === "number" ? n : undefined;
    }
    return this.dropLast ? Math.floor(this.numRows / this.batchSize) : Math.ceil(this.numRows / this.batchSize);
  }

  /** @internal Batch b of an epoch whose row order is `order` (each column copied once, no per-row views). */
  batchAt(order: number[], b: number): unknown {
    const start = b * this.batchSize;
    const n = Math.min(this.batchSize, this.numRows - start);
    const cols = this.columnList;
    if (this.unnamed) return markOwnedBatch(columnBatch(cols[0][1], order, start, n, this.batchShape(cols[0][1], n)) as object);
    const batch: Record<string, unknown> = {};
    for (let i = 0; i < cols.length; i++) batch[cols[i][0]] = columnBatch(cols[i][1], order, start, n, this.batchShape(cols[i][1], n));
    return markOwnedBatch(batch);
  }

  private batchShape(c: Column, n: number): number[] {
    // full batches share one shape array (tfjs copies a tensor's shape on creation)
    if (n === this.batchSize) return (c.batchShape ??= [n, ...c.rowShape]);
    return [n, ...c.rowShape];
  }

  /** @internal The row order of a new epoch: 0..numRows-1, shuffled by the seeded generator when shuffle is on. */
  epochOrder(): number[] {
    const order: number[] = [];
    for (let i = 0; i < this.numRows; i++) order.push(i);
    if (this.shuffle) this.random.shuffle(order);
    return order;
  }

  /**
   * One epoch of an in-memory dataset as a synchronous iterator (null for a pass-through
   * iterable, which keeps the async path: it may yield promises). The trainer takes batches
   * this way, without a promise per batch.
   */
  syncIterator(): Iterator<unknown> | null {
    return this.iterable ? null : new InMemoryEpoch(this);
  }

  /** The shuffle generator's state before the next epoch's shuffle (null for a pass-through iterable). */
  stateDict(): { randomState: number } | null {
    return this.iterable ? null : { randomState: this.random.getState() };
  }

  loadStateDict(sd: { randomState: number } | null): void {
    if (sd !== null && !this.iterable) this.random.setState(sd.randomState);
  }

  /** One epoch of batches; each call reshuffles when shuffle is on. */
  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    if (this.iterable) {
      yield* this.iterable as AsyncIterable<unknown>;
      return;
    }
    const epoch = new InMemoryEpoch(this);
    for (let r = epoch.next(); !r.done; r = epoch.next()) yield r.value;
  }
}

/**
 * One epoch over in-memory columns. The order is drawn at the first next() — where the async
 * generator drew it — so an epoch that is opened but never read consumes no random numbers.
 */
class InMemoryEpoch implements Iterator<unknown> {
  private order: number[] | null = null;
  private b = 0;
  private readonly n: number;

  constructor(private readonly loader: DataLoader) {
    this.n = loader.length!;
  }

  next(): IteratorResult<unknown> {
    if (this.b >= this.n) return { done: true, value: undefined };
    const order = (this.order ??= this.loader.epochOrder());
    return { done: false, value: this.loader.batchAt(order, this.b++) };
  }

  return(): IteratorResult<unknown> {
    this.b = this.n;
    return { done: true, value: undefined };
  }
}
