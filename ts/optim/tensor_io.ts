// Where a fused kernel finds a tensor's float32 data. On fulgur-wasm the tensor already
// lives in the module's memory: kernels read and write it in place through tensorPtr.
// On any other tfjs backend the data is copied into WASM scratch, the same kernel runs,
// and the result is written back with setValue (same math everywhere).
import * as tf from "@tensorflow/tfjs-core";
import { isFulgurWasmActive, tensorPtr } from "../backend/memory.ts";
import { fulgurWasm, heapF32 } from "../backend/wasm_module.ts";
import { setValue } from "../autograd/memory.ts";
import type { Tensor } from "../autograd/tensor.ts";
import { sharedCount, webgpuBackend } from "../gpu/backend_access.ts";
import { clearFloats, zerosGpu } from "../gpu/buffer_copy.ts";
import { isWebGPUActive } from "../gpu/webgpu.ts";

/**
 * Before writing t's memory in place: if tfjs shares t's buffer with other tensors (reshape
 * aliases, clone, one gradient handed to several leaves), give t a private copy first, so
 * the write changes t alone (copy-on-write; tfjs tensors are otherwise immutable).
 */
function ownBuffer(t: Tensor): void {
  if (tf.backend().refCount(t.value.dataId) > 1) {
    setValue(t, tf.tensor(t.value.dataSync() as Float32Array, t.shape, "float32"));
  }
}

/** True when kernels may write tensors' memory directly. */
export function inPlaceAvailable(): boolean {
  return isFulgurWasmActive();
}

/**
 * Pointers to the data of `tensors` for one kernel call: `run(ptrs)` gets one pointer per
 * tensor plus a scratch area of `extraBytes` (8-byte aligned; for descriptor tables).
 * Tensors listed in `written` are written back afterwards when they were copied.
 */
export function withTensorPointers(
  tensors: Tensor[],
  written: Set<Tensor>,
  extraBytes: number,
  run: (ptrs: number[], scratch: number) => void,
): void {
  const inPlace = inPlaceAvailable();
  const copyBytes = inPlace ? 0 : tensors.reduce((s, t) => s + t.size * 4, 0);
  const extra = (extraBytes + 7) & ~7;
  const wasm = fulgurWasm();
  const base = wasm.alloc(Math.max(extra + copyBytes, 16));
  try {
    const ptrs: number[] = [];
    if (inPlace) {
      for (const t of written) ownBuffer(t);
      for (const t of tensors) ptrs.push(tensorPtr(t.value));
    } else {
      let at = base + extra;
      for (const t of tensors) {
        ptrs.push(at);
        at += t.size * 4;
      }
      // read every source before writing: dataSync may allocate, so fetch the view after
      const sources = tensors.map((t) => t.value.dataSync() as Float32Array);
      const heap = heapF32();
      sources.forEach((src, i) => heap.set(src, ptrs[i] >>> 2));
    }
    run(ptrs, base);
    if (!inPlace) {
      tensors.forEach((t, i) => {
        if (!written.has(t)) return;
        const heap = heapF32();
        const out = heap.slice(ptrs[i] >>> 2, (ptrs[i] >>> 2) + t.size);
        setValue(t, tf.tensor(out, t.shape, "float32"));
      });
    }
  } finally {
    wasm.dealloc(base);
  }
}

/** Sets every element of t to zero (torch's grad.zero_()). */
export function zeroInPlace(t: Tensor): void {
  if (inPlaceAvailable()) {
    ownBuffer(t);
    const p = tensorPtr(t.value) >>> 2;
    heapF32().fill(0, p, p + t.size);
  } else if (isWebGPUActive()) {
    // a clear command, not a fill dispatch per gradient
    const b = webgpuBackend();
    if (t.value.dtype === "float32" && sharedCount(b, t.value) === 1) clearFloats(b, t.value);
    else setValue(t, zerosGpu(b, t.shape));
  } else {
    setValue(t, tf.zeros(t.shape, "float32"));
  }
}
