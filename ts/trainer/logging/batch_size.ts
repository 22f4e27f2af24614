// Lightning's `extract_batch_size`: the size of the first tensor found in a batch, which
// weights this batch's value in an epoch mean.
import { Tensor } from "../deps.ts";
import { rankZeroWarn } from "../warnings.ts";

function find(batch: unknown, depth = 0): number | null {
  if (depth > 8 || batch === null || batch === undefined) return null;
  if (batch instanceof Tensor) return batch.shape.length === 0 ? 1 : batch.shape[0];
  if (typeof batch === "string") return batch.length;
  if (ArrayBuffer.isView(batch)) return (batch as unknown as ArrayLike<number>).length;
  if (Array.isArray(batch)) {
    for (const v of batch) {
      const n = find(v, depth + 1);
      if (n !== null) return n;
    }
    return null;
  }
  if (typeof batch === "object") {
    const shape = (batch as { shape?: unknown }).shape; // a raw tf.Tensor
    if (Array.isArray(shape)) return shape.length === 0 ? 1 : shape[0];
    for (const v of Object.values(batch as object)) {
      const n = find(v, depth + 1);
      if (n !== null) return n;
    }
  }
  return null;
}

export function extractBatchSize(batch: unknown): number {
  const n = find(batch);
  if (n !== null) return n;
  rankZeroWarn(
    "Trying to infer the `batch_size` from an ambiguous collection. To avoid any miscalculations," +
      " use `self.log(..., batchSize=batchSize)`.",
  );
  return 1;
}
