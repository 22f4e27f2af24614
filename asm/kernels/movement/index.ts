// The data-movement kernels (listed once in asm/index.ts). Signatures are documented in each file.
export { copy_nd, fill_bits, copy_runs } from "./copy_nd";
export { gather_v2, gather_nd, scatter_nd_add, one_hot } from "./gather";
export { select } from "./select";
export { cumsum } from "./scan";
export { topk } from "./topk";
export { reduce_rows_f32, reduce_rows_i32, reduce_rows_bool, argreduce_rows_i32 } from "./reduce_rows";
export { cast, range, linspace } from "./cast";
