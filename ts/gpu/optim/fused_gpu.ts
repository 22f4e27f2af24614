// The GPU twin of ts/optim/fused_step.ts: the same entries (parameter, state slots,
// per-parameter coefficients) and the same scalar arguments as the WASM kernel. A param group
// is updated by one WGSL dispatch over flat buffers: its parameters and gradients are copied
// end to end into two scratch buffers (copy commands, not dispatches), its state lives flat in
// one GpuStatePack per slot, and the updated parameters are copied back. Each parameter's
// segment reads its own coefficients (its own step count, as torch's per-parameter state).
import { FulgurRuntimeError } from "../../errors.ts";
import type { Parameter, Tensor } from "../../autograd/tensor.ts";
import { setValue } from "../../autograd/memory.ts";
import { StateBuffer } from "../../optim/state_buffer.ts";
import { sharedCount, webgpuBackend } from "../backend_access.ts";
import { cloneGpu, gatherFlat, scatterFlat } from "../buffer_copy.ts";
import { runSegmented, type InPlaceProgram } from "../inplace_program.ts";

export interface GpuFusedEntry {
  param: Parameter;
  /** State buffers in the WASM kernel's slot order (null for an unused slot). */
  slots: Array<StateBuffer | null>;
  /** Per-parameter coefficients, as the WASM kernel's coefficient table. */
  coefs?: number[];
}

/** Updates every entry in place; `args` are the WASM kernel's scalar arguments after (table, coefs, count). */
export type GpuUpdate = (entries: GpuFusedEntry[], args: number[]) => void;

/** Gives t a private GPU buffer when tfjs shares its data with other tensors (copy-on-write, by a copy command). */
export function ownGpuBuffer(t: Tensor): void {
  const b = webgpuBackend();
  if (sharedCount(b, t.value) > 1) setValue(t, cloneGpu(b, t.value));
}

/** Builds a GpuUpdate from a program chooser: flags → program, entry → its uniform row. */
export function fusedGpuUpdate(
  name: string,
  program: (args: number[]) => InPlaceProgram,
  uniforms: (entry: GpuFusedEntry, args: number[]) => number[],
): GpuUpdate {
  return (entries, args) => {
    if (entries.length === 0) return;
    const prog = program(args);
    const slotIndex = prog.buffers.slice(2).map((b) => Number(b.name.slice(1)));
    const grads = entries.map((e) => {
      if (e.param.grad === null) throw new FulgurRuntimeError(`${name} GPU update: a parameter without a gradient reached the kernel`);
      return e.param.grad.value;
    });
    const states = slotIndex.map((k) => StateBuffer.gpuPack(entries.map((e) => {
      const slot = e.slots[k];
      if (!slot) throw new FulgurRuntimeError(`${name} GPU update: state slot s${k} is missing`);
      if (slot.length !== e.param.size) throw new FulgurRuntimeError(`${name} GPU update: state slot s${k} has ${slot.length} values, its parameter ${e.param.size}`);
      return slot;
    })));
    for (const e of entries) ownGpuBuffer(e.param);
    const params = entries.map((e) => e.param.value);
    const rows = entries.map((e) => uniforms(e, args));
    const sizes = entries.map((e) => e.param.size);
    if (entries.length === 1) {
      runSegmented(prog, [params[0], grads[0], ...states], sizes, rows);
      return;
    }
    const b = webgpuBackend();
    const flatParams = gatherFlat(b, params);
    const flatGrads = gatherFlat(b, grads);
    runSegmented(prog, [flatParams, flatGrads, ...states], sizes, rows);
    scatterFlat(b, flatParams, params);
    flatParams.dispose();
    flatGrads.dispose();
  };
}
