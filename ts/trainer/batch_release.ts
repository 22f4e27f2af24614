// Batches the DataLoader built are the trainer's to free once the batch is done (tf memory is
// not garbage-collected); batches from a user's iterable are left alone.
const owned = new WeakSet<object>();

export function markOwnedBatch<T extends object>(batch: T): T {
  owned.add(batch);
  return batch;
}

/** Disposes every tensor of a DataLoader-made batch; does nothing for other batches. */
export function releaseBatch(batch: unknown): void {
  if (typeof batch !== "object" || batch === null || !owned.has(batch)) return;
  owned.delete(batch);
  const values = Array.isArray(batch) ? batch : typeof (batch as any).dispose === "function" ? [batch] : Object.values(batch);
  for (const v of values) if (v && typeof (v as any).dispose === "function") (v as any).dispose();
}
