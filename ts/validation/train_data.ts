// What `fit` / `validate` take as data, checked before the first batch: a DataLoader or another
// iterable of batches. Raw rows (number[][]) or a columns object handed over directly used to
// fail inside the user's trainingStep ("Cannot read properties of undefined (reading 'rank')").
import { FulgurTypeError } from "../errors.ts";

const isNumberRow = (x: unknown): boolean => typeof x === "number" || (Array.isArray(x) && x.every((v) => typeof v === "number" || Array.isArray(v)));

/** Throws a FulgurTypeError saying what `fn` expects when `data` is raw rows, a columns object or a scalar. */
export function checkLoaderArgument(fn: string, arg: string, data: unknown): void {
  if (data === null || data === undefined) return;
  const expects = `${fn}() expects ${arg} as a DataLoader (new DataLoader({ x: rows, y: labels }, { batchSize: 32 })) or an iterable of batches`;
  if (typeof data !== "object" && typeof data !== "function") throw new FulgurTypeError(`${expects}, got ${typeof data} ${String(data)}.`);
  if (Array.isArray(data)) {
    if (data.length > 0 && data.every(isNumberRow)) {
      throw new FulgurTypeError(
        `${expects}; it got an array of ${data.length} rows of numbers (each would be taken as one batch).` +
          " Wrap the data in a DataLoader: rows become the batch's first dimension.",
      );
    }
    return;
  }
  const isIterable = typeof (data as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function" ||
    typeof (data as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
  const proto = Object.getPrototypeOf(data);
  if (!isIterable && (proto === Object.prototype || proto === null)) {
    throw new FulgurTypeError(
      `${expects}; it got a plain object with keys ${Object.keys(data as object).slice(0, 5).map((k) => `'${k}'`).join(", ")}.` +
        " Pass it through a DataLoader: new DataLoader(columns, { batchSize }).",
    );
  }
}
