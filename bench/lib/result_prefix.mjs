// The marker of a case's result line (kept equal to RESULT_PREFIX in emit.ts).
export const RESULT_PREFIX_JS = "BENCH_RESULT ";
