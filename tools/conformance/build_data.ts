// Scenario `data` → a fulgur DataLoader: batch i is rows [i*B, (i+1)*B), in order, no
// shuffling, last short batch kept. Values are rounded to float32 here (FORMAT.md); cross-entropy
// targets are class indices, given as an Int32Array column so batches carry them as indices.
import type { Scenario } from "./scenario.ts";
import type { FulgurLib } from "./lib.ts";

export type Batch = Record<string, any>;

/** Fields holding cross-entropy class indices (not float rows). */
export function classIndexFields(s: Scenario): Set<string> {
  const out = new Set<string>();
  for (const term of Object.values(s.losses)) {
    if ("supervised" in term && term.supervised.fn === "cross_entropy") out.add(term.supervised.target);
  }
  return out;
}

const fround = (row: number[] | number): number[] | number => (Array.isArray(row) ? row.map(Math.fround) : Math.fround(row));

export function buildDataLoader(s: Scenario, lib: FulgurLib): unknown {
  const indexFields = classIndexFields(s);
  const dataset: Record<string, unknown> = {};
  for (const [field, rows] of Object.entries(s.data.fields)) {
    dataset[field] = indexFields.has(field)
      ? Int32Array.from(rows as Array<number | number[]>, (r) => (Array.isArray(r) ? r[0] : r))
      : rows.map(fround);
  }
  return new lib.trainer.DataLoader(dataset, { batchSize: s.data.batch_size, shuffle: false });
}
