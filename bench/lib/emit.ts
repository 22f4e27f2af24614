// Each case runs in its own process and hands its figures to bench/run.mjs as one JSON
// line on stdout (everything else it prints is progress for the reader).
import { RESULT_PREFIX_JS } from "./result_prefix.mjs";

export const RESULT_PREFIX = RESULT_PREFIX_JS;

export function emit(result: unknown): void {
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

/** Budget per measured case in ms: BENCH_BUDGET_MS scales the whole run (default 1500). */
export function budgetMs(scale = 1): number {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  const base = Number(env?.BENCH_BUDGET_MS ?? 1500);
  return base * scale;
}
