// A torch-style DataLoader: cuts a dataset into batches of Tensors, in order or shuffled as
// torch 1.13's RandomSampler shuffles (randperm from torch's generator). Datasets: a dict of equal-length columns (arrays of rows, typed arrays,
// Tensors), an array of rows, one Tensor (rows along dim 0), or any (async) iterable that
// already yields batches (passed through as is).
import * as tf from "@tensorflow/tfjs-core";
import { isFulgurWasmActive, Tensor } from "./deps.ts";
import { markOwnedBatch } from "./batch_release.ts";
import { FulgurError, FulgurTypeError } from "./errors.ts";
import { defaultGenerator, Generator, type GeneratorState } from "../random/generator.ts";
import { randomInt64, sampleRandperm } from "../random/sample.ts";
import { checkKnownKeys } from "../validation/options.ts";

/** DataLoader's options: batchSize, shuffle, generator or seed (torch's names in camelCase; unknown keys are rejected). */
export interface DataLoaderOptions {
  batchSize?: number;
  shuffle?: boolean;
  /**
   * torch's DataLoader(generator=...): the generator the shuffle (randperm) and each iterator's
   * base seed are drawn from. Without one, both come from the global generator (manualSeed), as
   * in torch: a seeded run shuffles in torch's order.
   */
  generator?: Generator;
  /** Shorthand for `generator: new Generator().manualSeed(seed)` (a loader-owned generator). */
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
  /**
   * Where a batch Tensor's rows are gathered before fulgur-wasm copies them into its memory,
   * kept from batch to batch: a fresh 400 KB array per batch cost more than the copy (page
   * faults). Other backends keep the array they are given, so they get a new one each batch.
   */
  staging?: Float32Array | Int32Array;
}

/** Below this many values per row, a plain loop copies a row faster than subarray + set. */
const SMALL_ROW = 16;

/** Rows order[start .. start+n) of one column, as a batch Tensor (or an Int32Array for integer columns). */
function columnBatch(c: Column, order: number[], start: number, n: number, shape: number[]): unknown {
  const size = c.rowSize;
  const src = c.values;
  // integer scalars are handed out as the Int32Array itself: a new one per batch
  const staged = !(c.integer && c.rowShape.length === 0) && isFulgurWasmActive();
  let buf: Float32Array | Int32Array;
  if (!staged) buf = c.integer ? new Int32Array(n * size) : new Float32Array(n * size);
  else {
    if (c.staging === undefined || c.staging.length < n * size) c.staging = c.integer ? new Int32Array(n * size) : new Float32Array(n * size);
    buf = c.staging.length === n * size ? c.staging : c.staging.subarray(0, n * size);
  }
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
  // integer rows with a shape (token ids [L]) stack into an int32 tensor, torch's default collate
  // (int64 there); integer scalars stay an Int32Array of class indices
  if (c.integer && c.rowShape.length === 0) return buf;
  // fulgur-wasm copies buf into its memory at once, so the staging array is free again
  return new Tensor(tf.tensor(buf, shape, c.integer ? "int32" : "float32"));
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

/** torch's DataLoader; `Batch` is the type of the batches it yields (declare it: `new DataLoader<Batch>(...)`). */
export class DataLoader<Batch = any> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The loader's own generator (torch's `generator=`), or null for the global one. */
  private readonly generator: Generator | null;
  /** A resumed mid-epoch checkpoint: the global generator's state when that epoch began (see loadStateDict). */
  private replay: Generator | null = null;
  /** Named columns (batches are objects), or one unnamed column under "" (batches are Tensors). */
  private readonly columns: Map<string, Column> | null = null;
  private readonly iterable: Iterable<unknown> | AsyncIterable<unknown> | null = null;
  private readonly numRows: number = 0;
  /** The columns in field order (the batch object's key order). */
  private readonly columnList: Array<[string, Column]> = [];
  /** True when batches are bare Tensors (one unnamed column), not objects. */
  private readonly unnamed: boolean = false;

  constructor(dataset: unknown, opts: DataLoaderOptions = {}) {
    // torch's TypeError for an unknown keyword (batchsize → batchSize), before anything is read
    checkKnownKeys("DataLoader", opts, ["batchSize", "shuffle", "generator", "seed", "dropLast"]);
    for (const k of ["shuffle", "dropLast"] as const) {
      if (opts[k] !== undefined && typeof opts[k] !== "boolean") throw new FulgurTypeError(`DataLoader: '${k}' must be true or false, got ${String(opts[k])}`);
    }
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new FulgurError(`batch_size should be a positive integer value, but got batch_size=${opts.batchSize}`);
    }
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.generator = opts.generator ?? (opts.seed !== undefined ? new Generator(opts.seed) : null);

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

  /** @internal Rows of an in-memory dataset. */
  get rowCount(): number {
    return this.numRows;
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

  /**
   * @internal A new iterator: torch's _BaseDataLoaderIter draws its `_base_seed` (one int64
   * random_()) from the loader's generator or the global one, shuffle or not. Returns the
   * generator the epoch's sampler then draws from.
   */
  openIterator(): Generator {
    const src = this.replay ?? this.generator ?? defaultGenerator;
    randomInt64(src);
    return src;
  }

  /**
   * @internal The row order, drawn at the epoch's first batch as RandomSampler.__iter__ draws it:
   * randperm(n) from the loader's generator, or else from a fresh generator seeded with an int64
   * drawn from the global one.
   */
  epochOrder(src: Generator = this.generator ?? defaultGenerator): number[] {
    const n = this.numRows;
    if (!this.shuffle) return Array.from({ length: n }, (_, i) => i);
    let order: Int32Array;
    if (this.generator) order = sampleRandperm(n, this.generator);
    else {
      const fresh = new Generator(randomInt64(src));
      order = sampleRandperm(n, fresh);
      fresh.release();
    }
    this.replay = null; // a resumed epoch's draws are replayed once
    return Array.from(order);
  }

  /**
   * @internal The sampler ran out: RandomSampler's trailing `randperm(n)[:0]` still draws from the
   * loader's own generator (a fresh per-epoch generator is simply dropped).
   */
  samplerExhausted(): void {
    if (this.shuffle && this.generator && this.numRows > 0) sampleRandperm(this.numRows, this.generator);
  }

  /**
   * One epoch of an in-memory dataset as a synchronous iterator (null for a pass-through
   * iterable, which keeps the async path: it may yield promises). The trainer takes batches
   * this way, without a promise per batch.
   */
  syncIterator(): Iterator<unknown> | null {
    return this.iterable ? null : new InMemoryEpoch(this, this.openIterator());
  }

  /**
   * What the next epoch's order is drawn from (null for a pass-through iterable): the loader's
   * own generator state, or the global generator's state (`global`).
   */
  stateDict(): DataLoaderState | null {
    if (this.iterable) return null;
    return this.generator ? { generator: this.generator.getState() } : { globalGenerator: defaultGenerator.getState() };
  }

  /**
   * Restores stateDict(). A global-generator state that differs from the (already restored)
   * global generator comes from a checkpoint taken mid-epoch: that epoch's base seed and shuffle
   * are then drawn from a copy of it, so the order is the interrupted epoch's and the global
   * stream continues where the checkpoint left it. States of checkpoints written before the
   * torch generator (`{ randomState }`) restore nothing.
   */
  loadStateDict(sd: DataLoaderState | { randomState: number } | null): void {
    if (sd === null || this.iterable) return;
    if ("generator" in sd && this.generator) this.generator.setState(sd.generator);
    else if ("globalGenerator" in sd && !this.generator && !sameGeneratorState(sd.globalGenerator, defaultGenerator.getState())) {
      this.replay = new Generator().setState(sd.globalGenerator);
    }
  }

  /** One epoch of batches; creating it draws the base seed, each epoch reshuffles when shuffle is on. */
  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    const src = this.openIterator();
    if (this.iterable) {
      const it = this.iterable as AsyncIterable<unknown> & Iterable<unknown>;
      return (typeof it[Symbol.asyncIterator] === "function" ? it[Symbol.asyncIterator]() : toAsync(it[Symbol.iterator]())) as AsyncIterator<Batch>;
    }
    const epoch = new InMemoryEpoch(this, src);
    return {
      next: async () => epoch.next() as IteratorResult<Batch>,
      return: async () => epoch.return() as IteratorResult<Batch>,
    };
  }
}

export type DataLoaderState = { generator: GeneratorState } | { globalGenerator: GeneratorState };

function sameGeneratorState(a: GeneratorState, b: GeneratorState): boolean {
  return a.left === b.left && a.next === b.next && a.seed === b.seed && a.nextDoubleNormal === b.nextDoubleNormal &&
    a.mt.length === b.mt.length && a.mt.every((v, i) => v === b.mt[i]);
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next(), return: async () => it.return?.() ?? { done: true, value: undefined } };
}

/**
 * One epoch over in-memory columns, drawing where torch's iterator draws: the base seed when it
 * is created (the caller's openIterator()), the order at the first next(), and the sampler's
 * trailing draw when it runs out — while fetching a short last batch, otherwise at the next()
 * after the last batch (torch's BatchSampler asks for one index more).
 */
class InMemoryEpoch implements Iterator<unknown> {
  private order: number[] | null = null;
  private b = 0;
  private readonly n: number;
  private exhausted = false;

  constructor(private readonly loader: DataLoader, private readonly src: Generator) {
    this.n = loader.length!;
  }

  next(): IteratorResult<unknown> {
    const order = (this.order ??= this.loader.epochOrder(this.src));
    if (this.b >= this.n) {
      this.exhaust();
      return { done: true, value: undefined };
    }
    const b = this.b++;
    if (!this.loader.dropLast && b === this.n - 1 && this.loader.rowCount % this.loader.batchSize !== 0) this.exhaust();
    return { done: false, value: this.loader.batchAt(order, b) };
  }

  private exhaust(): void {
    if (this.exhausted) return;
    this.exhausted = true;
    this.loader.samplerExhausted();
  }

  return(): IteratorResult<unknown> {
    this.b = this.n;
    return { done: true, value: undefined };
  }
}
