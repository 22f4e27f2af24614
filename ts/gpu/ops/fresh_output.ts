// Runs an element- or row-wise WGSL program (ts/gpu/inplace_program.ts) into a new float32
// tensor: the program's first buffer is the output, written once per element.
import type * as tf from "@tensorflow/tfjs-core";
import { webgpuBackend } from "../backend_access.ts";
import { uninitializedGpuTensor } from "../buffer_copy.ts";
import { runInPlace, type InPlaceProgram } from "../inplace_program.ts";

/** A new tensor of `shape` computed by `program` over `threads` threads; `inputs` bind after the output. */
export function runToNew(program: InPlaceProgram, shape: number[], inputs: tf.Tensor[], threads: number, uniforms: number[]): tf.Tensor {
  const out = uninitializedGpuTensor(webgpuBackend(), shape);
  runInPlace(program, [out, ...inputs], threads, uniforms);
  return out;
}
