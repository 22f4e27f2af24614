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

  private batchFrom(indices: number[]): unknown {
    const make = (c: Column): unknown => {
      const buf = c.integer ? new Int32Array(indices.length * c.rowSize) : new Float32Array(indices.length * c.rowSize);
      indices.forEach((r, i) => buf.set(c.values.subarray(r * c.rowSize, (r + 1) * c.rowSize), i * c.rowSize));
      return c.integer ? buf : tensor(buf as Float32Array, [indices.length, ...c.rowShape]);
    };
    const cols = this.columns!;
    if (cols.has("") && cols.size === 1) return markOwnedBatch(make(cols.get("")!) as object);
    return markOwnedBatch(Object.fromEntries([...cols].map(([k, c]) => [k, make(c)])));
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
    const order = Array.from({ length: this.numRows }, (_, i) => i);
    if (this.shuffle) this.random.shuffle(order);
    const n = this.length!;
    for (let b = 0; b < n; b++) yield this.batchFrom(order.slice(b * this.batchSize, (b + 1) * this.batchSize));
  }
}
