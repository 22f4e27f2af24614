// The shapes Lightning hands to onTrainBatchEnd / trainingEpochEnd: one optimizer's dict, a
// list of dicts (several optimizers, skipped ones left out), or [] when nothing ran.
import type { OptimizerOutputs } from "./optimizer_loop.ts";

export type BatchOutput = Record<string, unknown> | Record<string, unknown>[] | [];

export function automaticBatchOutput(outputs: OptimizerOutputs, numOptimizers: number): BatchOutput {
  if (outputs.size === 0) return [];
  if (numOptimizers === 1) return outputs.get(0) ?? [];
  const list: Record<string, unknown>[] = [];
  for (let i = 0; i < numOptimizers; i++) {
    const o = outputs.get(i);
    if (o !== undefined) list.push(o);
  }
  return list;
}

export function manualBatchOutput(output: Record<string, unknown>): BatchOutput {
  return Object.keys(output).length ? output : [];
}

/** Frees the tensors an output kept alive for trainingEpochEnd. */
export function disposeOutputs(x: unknown, depth = 0): void {
  if (depth > 6 || x === null || typeof x !== "object") return;
  if (typeof (x as any).dispose === "function" && "value" in (x as object)) {
    (x as any).dispose();
    return;
  }
  for (const v of Array.isArray(x) ? x : Object.values(x)) disposeOutputs(v, depth + 1);
}
