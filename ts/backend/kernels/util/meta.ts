// Writes i32 metadata (shapes, strides) into the backend's scratch block for a WASM kernel.
import type { BackendFulgur } from "../../backend_fulgur.ts";
import { FulgurRuntimeError } from "../../../errors.ts";

export function writeMeta(backend: BackendFulgur, ...blocks: number[][]): number {
  const total = blocks.reduce((n, b) => n + b.length, 0);
  if (total * 4 > 4096) throw new FulgurRuntimeError(`fulgur-wasm: tensor rank too large for kernel metadata (${total} entries)`);
  const heap = new Int32Array(backend.wasm.memory.buffer, backend.scratch, total);
  let o = 0;
  for (const b of blocks) for (const v of b) heap[o++] = v;
  return backend.scratch;
}
