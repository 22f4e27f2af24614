// Scenario `data` → a fulgur DataLoader: batch i is rows [i*B, (i+1)*B), in order, no
// shuffling, last short batch kept. Values are rounded to float32 here (FORMAT.md); cross-entropy
// targets are class indices, given as an Int32Array column so batches carry them as indices.
import * as tf from "@tensorflow/tfjs-core";
import type { Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";

export type Batch = Record<string, any>;

/** Fields holding integers: cross-entropy class indices and `/3` `int_fields` (token ids). */
export function classIndexFields(s: Scenario): Set<string> {
  const out = new Set<string>(s.data.int_fields ?? []);
  for (const term of Object.values(s.losses)) {
    if ("supervised" in term && (term.supervised.fn === "cross_entropy" || term.supervised.fn === "cross_entropy_seq")) out.add(term.supervised.target);
  }
  return out;
}

/** Nested rows → one flat int32 column [N, ...rowShape] (batches of it are int tensors, torch's int64). */
function intColumn(rows: unknown[], lib: FulgurLib): unknown {
  const shape: number[] = [];
  for (let d: unknown = rows; Array.isArray(d); d = d[0]) shape.push(d.length);
  const flat = Int32Array.from((rows as unknown[]).flat(Infinity as 1) as number[]);
  return new lib.autograd.Tensor(tf.tensor(flat, shape, "int32"));
}

type Nested = number | Nested[];
const fround = (row: Nested): Nested => (Array.isArray(row) ? row.map(fround) : Math.fround(row));

export function buildDataLoader(s: Scenario, lib: FulgurLib): unknown {
  const indexFields = classIndexFields(s);
  const dataset: Record<string, unknown> = {};
  for (const [field, rows] of Object.entries(s.data.fields)) {
    const nested = rows.some((r) => Array.isArray(r) && (r as unknown[]).length !== 1);
    dataset[field] = indexFields.has(field)
      ? nested ? intColumn(rows, lib) : Int32Array.from(rows as Array<number | number[]>, (r) => (Array.isArray(r) ? r[0] : r))
      : rows.map(fround);
  }
  return new lib.trainer.DataLoader(dataset, { batchSize: s.data.batch_size, shuffle: false });
}
