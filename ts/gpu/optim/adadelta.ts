// Adadelta on the GPU: the op order of asm/optim/adadelta.ts (torch 1.13 _single_tensor_adadelta):
//   g = maximize ? -g : g;  g = g + wd*p;  sa = sa*rho + ((1-rho)*g)*g;  std = sqrt(sa + eps)
//   delta = (sqrt(ad + eps) / std) * g;  ad = ad*rho + ((1-rho)*delta)*delta;  p = p + (-lr)*delta
// args (as optim_adadelta): negLr, rho, 1-rho, eps, weightDecay, flags.  slots: 0 square_avg, 1 acc_delta.
import { SIMPLE_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { preparedGradWgsl } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[5];
  const maximize = (f & SIMPLE_FLAGS.maximize) !== 0, wd = (f & SIMPLE_FLAGS.weightDecay) !== 0;
  const body = [
    ...preparedGradWgsl(maximize, wd),
    "let sa = s0[i] * u.rho + (u.oneMinusRho * gi) * gi;",
    "s0[i] = sa;",
    "let stdv = sqrt(sa + u.eps);",
    "let delta = (sqrt(s1[i] + u.eps) / stdv) * gi;",
    "s1[i] = s1[i] * u.rho + (u.oneMinusRho * delta) * delta;",
    "p[i] = w + u.negLr * delta;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `adadelta_${f}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }, { name: "s1", write: true }],
    uniforms: ["negLr", "rho", "oneMinusRho", "eps", "weightDecay"],
    body,
  };
}

export const adadeltaGpu = fusedGpuUpdate("Adadelta", program, (_e, a) => [a[0], a[1], a[2], a[3], a[4]]);
