// Measured machine limits: f32x4 mul+add throughput and copy bandwidth, from
// build/bench/machine.wasm (bench/wasm/machine.ts) and plain typed-array copies.
import { readFileSync } from "node:fs";
import { timeSync } from "./timing.ts";

interface MachineExports {
  memory: WebAssembly.Memory;
  mulAdd12(iters: number, m: number, c: number): number;
  mulAdd8(iters: number, m: number, c: number): number;
  copyBytes(dst: number, src: number, n: number): void;
}

let exportsCache: MachineExports | null = null;

function machine(): MachineExports {
  if (!exportsCache) {
    const bytes = readFileSync(new URL("./machine.wasm", import.meta.url));
    exportsCache = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as MachineExports;
  }
  return exportsCache;
}

/**
 * Single-thread GFLOP/s of independent f32x4 mul+add chains (WASM SIMD has no FMA, so a
 * multiply-add is 2 instructions for 8 flops). The best of the 12- and 8-chain loops.
 */
export function measureMulAddPeak(budgetMs: number): { gflops: number; variant: string } {
  const m = machine();
  const iters = 2_000_000;
  let best = { gflops: 0, variant: "" };
  for (const [name, flopsPerIter] of [["mulAdd12", 96], ["mulAdd8", 64]] as const) {
    const t = timeSync(() => { m[name](iters, 0.9999, 1e-5); }, budgetMs / 2);
    const gflops = (flopsPerIter * iters) / (t.medianMs / 1e3) / 1e9;
    if (gflops > best.gflops) best = { gflops, variant: name };
  }
  return best;
}

export interface CopyBandwidth {
  bytes: number;
  /** GB/s counting bytes read + bytes written (2 × the buffer). */
  typedArraySetGBs: number;
  wasmMemoryCopyGBs: number;
  /** The same from the fastest copy (less exposed to other processes' load than the median). */
  wasmMemoryCopyBestGBs: number;
}

/** Copies a `bytes` buffer with Float32Array.prototype.set and with WASM memory.copy. */
export function measureCopyBandwidth(bytes: number, budgetMs: number): CopyBandwidth {
  const src = new Float32Array(bytes / 4).fill(1.5);
  const dst = new Float32Array(bytes / 4);
  const tSet = timeSync(() => dst.set(src), budgetMs / 2);
  const m = machine();
  const needPages = Math.ceil((2 * bytes + 65536) / 65536) - m.memory.buffer.byteLength / 65536;
  if (needPages > 0) m.memory.grow(needPages);
  const srcPtr = 65536;
  const dstPtr = srcPtr + bytes;
  new Float32Array(m.memory.buffer, srcPtr, bytes / 4).fill(1.5);
  const tCopy = timeSync(() => m.copyBytes(dstPtr, srcPtr, bytes), budgetMs / 2);
  const gbs = (ms: number) => (2 * bytes) / (ms / 1e3) / 1e9;
  return { bytes, typedArraySetGBs: gbs(tSet.medianMs), wasmMemoryCopyGBs: gbs(tCopy.medianMs), wasmMemoryCopyBestGBs: gbs(tCopy.minMs) };
}
