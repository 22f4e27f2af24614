// The shapes the pool versions of fulgur.wasm's exports are built from (split_kernels.ts,
// conv_kernels.ts, copy_kernels.ts, parallel_kernels.ts).
import type { ThreadPool } from "./pool.ts";

/** A wasm export: numbers (pointers, sizes) in, maybe a number out. */
export type Fn = (...a: number[]) => unknown;
/** The raw instance's exports: the kernels by name, the memory and its allocator. */
export type Raw = Record<string, unknown> & { memory: WebAssembly.Memory; alloc(n: number): number; dealloc(p: number): void };
/** The pool now (null on one thread): read on each call, since init({ threads }) may change it. */
export type GetPool = () => ThreadPool | null;
