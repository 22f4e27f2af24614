// Lightning's `_get_active_optimizers`: without frequencies every optimizer runs each batch;
// with frequencies [f0, f1, ...] one optimizer runs per batch, chosen by where the batch
// index falls in the repeating cycle of length f0 + f1 + ...
/** Lightning's active-optimizer rule: which optimizers step on batch `batchIdx` given their frequencies (all of them without frequencies). */
export function activeOptimizerIndices(numOptimizers: number, frequencies: number[], batchIdx: number): number[] {
  if (!frequencies.length) return Array.from({ length: numOptimizers }, (_, i) => i);
  const cumsum: number[] = [];
  let total = 0;
  for (const f of frequencies) cumsum.push((total += f));
  const place = batchIdx % total;
  // first cumulative frequency strictly above the place in the cycle (searchsorted side="right")
  return [cumsum.findIndex((c) => c > place)];
}
