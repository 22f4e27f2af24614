/// <reference types="@webgpu/types" />
// Copies between float32 tensors' GPU buffers and flat scratch tensors, recorded into
// tfjs-backend-webgpu's command encoder (outside a compute pass) so they are ordered with every
// tfjs op and every fulgur dispatch around them. A copy is a command, not a dispatch: no
// pipeline, bind group or uniform buffer.
import * as tf from "@tensorflow/tfjs-core";
import { FulgurRuntimeError } from "../errors.ts";
import { gpuBufferOf, type WebGPUBackendInternals } from "./backend_access.ts";
import { markKnownZero } from "./known_zero.ts";

/** A float32 tensor of `n` elements with an uninitialised GPU buffer (from tfjs's buffer pool). */
export function uninitializedGpuTensor(b: WebGPUBackendInternals, shape: number[]): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(b.makeTensorInfo(shape, "float32"));
}

/** Copies `count` floats from src[srcOffset..] to dst[dstOffset..] (offsets in elements). */
export function copyFloats(b: WebGPUBackendInternals, src: tf.Tensor, srcOffset: number, dst: tf.Tensor, dstOffset: number, count: number): void {
  if (count === 0) return;
  if (srcOffset + count > src.size || dstOffset + count > dst.size) {
    throw new FulgurRuntimeError(`GPU copy of ${count} floats out of bounds (source ${src.size} from ${srcOffset}, destination ${dst.size} from ${dstOffset})`);
  }
  const from = gpuBufferOf(b, src, false);
  const to = gpuBufferOf(b, dst, true);
  b.commandQueueOwnedIds.add(src.dataId);
  b.commandQueueOwnedIds.add(dst.dataId);
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  b.commandEncoder!.copyBufferToBuffer(from, srcOffset * 4, to, dstOffset * 4, count * 4);
}

/** Start offset of each of `sizes` laid end to end, and the total. */
export function flatLayout(sizes: number[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const n of sizes) {
    offsets.push(total);
    total += n;
  }
  return { offsets, total };
}

/** One flat tensor holding `parts` end to end (a fresh, unkept tensor). */
export function gatherFlat(b: WebGPUBackendInternals, parts: tf.Tensor[]): tf.Tensor {
  const { offsets, total } = flatLayout(parts.map((t) => t.size));
  const flat = uninitializedGpuTensor(b, [total]);
  parts.forEach((t, k) => copyFloats(b, t, 0, flat, offsets[k], t.size));
  return flat;
}

/** Writes `flat`'s consecutive regions back into `parts` (each must own its buffer). */
export function scatterFlat(b: WebGPUBackendInternals, flat: tf.Tensor, parts: tf.Tensor[]): void {
  let offset = 0;
  for (const t of parts) {
    copyFloats(b, flat, offset, t, 0, t.size);
    offset += t.size;
  }
}

/** Sets every element of `t` to +0 with a clear command (no dispatch); t must own its buffer. */
export function clearFloats(b: WebGPUBackendInternals, t: tf.Tensor): void {
  const buffer = gpuBufferOf(b, t, true);
  b.commandQueueOwnedIds.add(t.dataId);
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  b.commandEncoder!.clearBuffer(buffer, 0, t.size * 4);
  markKnownZero(t.dataId);
}

/** A zero-filled float32 tensor (torch.zeros) made by a clear command instead of a fill dispatch. */
export function zerosGpu(b: WebGPUBackendInternals, shape: number[]): tf.Tensor {
  const t = uninitializedGpuTensor(b, shape);
  clearFloats(b, t);
  return t;
}

/** A float32 copy of `t` in a buffer of its own, made by a copy command (tf.clone would share t's buffer). */
export function cloneGpu(b: WebGPUBackendInternals, t: tf.Tensor): tf.Tensor {
  const out = uninitializedGpuTensor(b, t.shape);
  copyFloats(b, t, 0, out, 0, t.size);
  return out;
}
