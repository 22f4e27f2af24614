// Typed handles on the fused optimizer kernels exported by fulgur.wasm (asm/optim/*.ts).
// Flag bits and argument orders mirror the AssemblyScript sources exactly.
import { FulgurRuntimeError } from "../errors.ts";
import { fulgurWasm } from "../backend/wasm_module.ts";

type Kernel = (...args: number[]) => number;

export function optimKernel(name: string): Kernel {
  const k = fulgurWasm()[name];
  if (typeof k !== "function") {
    throw new FulgurRuntimeError(`fulgur.wasm has no kernel "${name}": rebuild it with \`node scripts/build_wasm.mjs\``);
  }
  return k as Kernel;
}

// Descriptor layout (asm/optim/table.ts).
export const DESC_STRIDE = 8;
export const COEF_STRIDE = 4;
export const MAX_STATE_SLOTS = 4;

export const SGD_FLAGS = { maximize: 1, nesterov: 2, momentum: 4, weightDecay: 8 } as const;
export const ADAM_FLAGS = { maximize: 1, amsgrad: 2, l2: 4, decoupled: 8 } as const;
export const RMSPROP_FLAGS = { maximize: 1, centered: 2, momentum: 4, weightDecay: 8 } as const;
export const SIMPLE_FLAGS = { maximize: 1, weightDecay: 2 } as const; // Adagrad, Adadelta, Adamax, ASGD

export const NORM_MODE = { powSum: 0, squareSum: 1, absMax: 2, nonzeroCount: 3, absMin: 4 } as const;

export function flags(bits: Array<[boolean, number]>): number {
  let f = 0;
  for (const [on, bit] of bits) if (on) f |= bit;
  return f;
}
