// Adagrad on the GPU: the op order of asm/optim/adagrad.ts (torch 1.13 _single_tensor_adagrad):
//   g = maximize ? -g : g;  g = g + wd*p;  sum = sum + g*g;  std = sqrt(sum) + eps;  p = p + ((-clr)*g)/std
// args (as optim_adagrad): eps, weightDecay, flags.  slot 0: sum.  coef 0: -clr (per parameter).
import { SIMPLE_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { preparedGradWgsl } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[2];
  const maximize = (f & SIMPLE_FLAGS.maximize) !== 0, wd = (f & SIMPLE_FLAGS.weightDecay) !== 0;
  const body = [
    ...preparedGradWgsl(maximize, wd),
    "let s = s0[i] + gi * gi;",
    "s0[i] = s;",
    "let stdv = sqrt(s) + u.eps;",
    "p[i] = w + (u.negClr * gi) / stdv;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `adagrad_${f}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }],
    uniforms: ["eps", "weightDecay", "negClr"],
    body,
  };
}

export const adagradGpu = fusedGpuUpdate("Adagrad", program, (e, a) => [a[0], a[1], e.coefs?.[0] ?? 0]);
