// Runs one fused optimizer update over a whole parameter group.
// fulgur-wasm (and any CPU backend): writes the i32 descriptor table (param, grad, length,
// state buffers) and the f64 per-parameter coefficient table described in asm/optim/table.ts,
// then makes one WASM call. webgpu: the WGSL twin of the same kernel (ts/gpu/optim, same
// float op order) updates the whole group in one dispatch over flat buffers, with no readback.
import type { Parameter, Tensor } from "../autograd/tensor.ts";
import { heapF64, heapI32 } from "../backend/wasm_module.ts";
import { FulgurRuntimeError } from "../errors.ts";
import { gpuUpdate } from "../gpu/optim/index.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";
import { COEF_STRIDE, DESC_STRIDE, MAX_STATE_SLOTS, optimKernel } from "./kernels.ts";
import type { StateBuffer } from "./state_buffer.ts";
import { withTensorPointers } from "./tensor_io.ts";

export interface FusedEntry {
  param: Parameter;
  /** State buffers in the kernel's slot order (null for an unused slot). */
  slots: Array<StateBuffer | null>;
  /** Per-parameter float64 coefficients (at most COEF_STRIDE). */
  coefs?: number[];
}

export interface FusedOptions {
  /** False for kernels called as (table, count, ...args), without the coefficient table. */
  coefTable?: boolean;
}

/** Updates every entry with the WASM kernel `kernel` (or its GPU twin on webgpu); `args` follow (table, [coefs,] count). */
export function runFused(entries: FusedEntry[], kernel: string, args: number[], opts: FusedOptions = {}): void {
  const count = entries.length;
  if (count === 0) return;
  for (const e of entries) {
    if (e.param.grad === null) throw new FulgurRuntimeError("runFused: a parameter without a gradient reached the kernel");
    if (e.slots.length > MAX_STATE_SLOTS) throw new FulgurRuntimeError(`runFused: at most ${MAX_STATE_SLOTS} state buffers per parameter`);
  }
  if (isWebGPUActive()) {
    gpuUpdate(kernel)(entries, args);
    return;
  }
  const k = optimKernel(kernel);
  const withCoefs = opts.coefTable !== false;
  runWasm(entries, (table, coefs, n) => (withCoefs ? k(table, coefs, n, ...args) : k(table, n, ...args)));
}

function runWasm(entries: FusedEntry[], call: (table: number, coefs: number, count: number) => void): void {
  const count = entries.length;
  const tensors: Tensor[] = [];
  for (const e of entries) tensors.push(e.param, e.param.grad!);
  const coefBytes = count * COEF_STRIDE * 8;
  const tableBytes = count * DESC_STRIDE * 4;
  const written = new Set<Tensor>(entries.map((e) => e.param));
  withTensorPointers(tensors, written, coefBytes + tableBytes, (ptrs, scratch) => {
    const coefPtr = scratch; // 8-byte aligned first
    const tablePtr = scratch + coefBytes;
    // slot pointers first: `ptr` may move a buffer's data into WASM memory (allocating)
    const slotPtrs = entries.map((e) => Array.from({ length: MAX_STATE_SLOTS }, (_, k) => e.slots[k]?.ptr ?? 0));
    const i32 = heapI32();
    const f64 = heapF64();
    entries.forEach((e, i) => {
      const d = (tablePtr >>> 2) + i * DESC_STRIDE;
      i32[d] = ptrs[2 * i];
      i32[d + 1] = ptrs[2 * i + 1];
      i32[d + 2] = e.param.size;
      for (let k = 0; k < MAX_STATE_SLOTS; k++) i32[d + 3 + k] = slotPtrs[i][k];
      i32[d + 7] = 0;
      const c = (coefPtr >>> 3) + i * COEF_STRIDE;
      for (let k = 0; k < COEF_STRIDE; k++) f64[c + k] = e.coefs?.[k] ?? 0;
    });
    call(tablePtr, coefPtr, count);
  });
}
