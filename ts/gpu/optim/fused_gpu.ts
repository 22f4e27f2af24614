// The GPU twin of ts/optim/fused_step.ts: the same entries (parameter, state slots,
// per-parameter coefficients) and the same scalar arguments as the WASM kernel, but each
// parameter is updated in place by one WGSL dispatch on the webgpu backend. State slots are
// float32 tf.Tensors living on the GPU (gpuStateBuffer).
import { FulgurRuntimeError } from "../../errors.ts";
import * as tf from "@tensorflow/tfjs-core";
import type { Parameter, Tensor } from "../../autograd/tensor.ts";
import { setValue } from "../../autograd/memory.ts";
import { sharedCount, webgpuBackend } from "../backend_access.ts";
import { runInPlace, type InPlaceProgram } from "../inplace_program.ts";

export interface GpuFusedEntry {
  param: Parameter;
  /** State tensors in the WASM kernel's slot order (null for an unused slot). */
  slots: Array<tf.Tensor | null>;
  /** Per-parameter coefficients, as the WASM kernel's coefficient table. */
  coefs?: number[];
}

/** Updates every entry in place; `args` are the WASM kernel's scalar arguments after (table, coefs, count). */
export type GpuUpdate = (entries: GpuFusedEntry[], args: number[]) => void;

/** A zero-filled float32 state tensor on the active backend, kept until disposed (torch.zeros_like). */
export function gpuStateBuffer(shape: number[], fill = 0): tf.Tensor {
  return tf.keep(tf.fill(shape, fill, "float32"));
}

/** Gives t a private GPU buffer when tfjs shares its data with other tensors (copy-on-write). */
export function ownGpuBuffer(t: Tensor): void {
  if (sharedCount(webgpuBackend(), t.value) > 1) setValue(t, tf.mul(t.value, tf.scalar(1, "float32")));
}

/** Builds a GpuUpdate from a program chooser: flags → program, entry → uniforms. */
export function fusedGpuUpdate(
  name: string,
  program: (args: number[]) => InPlaceProgram,
  uniforms: (entry: GpuFusedEntry, args: number[]) => number[],
): GpuUpdate {
  return (entries, args) => {
    const prog = program(args);
    for (const e of entries) {
      const g = e.param.grad;
      if (g === null) throw new FulgurRuntimeError(`${name} GPU update: a parameter without a gradient reached the kernel`);
      ownGpuBuffer(e.param);
      const tensors: tf.Tensor[] = [e.param.value, g.value];
      for (const b of prog.buffers.slice(2)) {
        const slot = e.slots[Number(b.name.slice(1))];
        if (!slot) throw new FulgurRuntimeError(`${name} GPU update: state slot ${b.name} is missing`);
        if (slot.size !== e.param.size) throw new FulgurRuntimeError(`${name} GPU update: state slot ${b.name} has ${slot.size} values, its parameter ${e.param.size}`);
        tensors.push(slot);
      }
      runInPlace(prog, tensors, e.param.size, uniforms(e, args));
    }
  };
}
