// RMSprop on the GPU: the op order of asm/optim/rmsprop.ts (torch 1.13 _single_tensor_rmsprop):
//   g = maximize ? -g : g;  g = g + wd*p;  sa = sa*alpha + ((1-alpha)*g)*g
//   centered: ga = ga*alpha + (1-alpha)*g;  avg = sqrt(sa + (-ga)*ga)   else avg = sqrt(sa)
//   avg = avg + eps;  momentum: buf = buf*momentum + g/avg; p = p + (-lr)*buf   else p = p + ((-lr)*g)/avg
// args (as optim_rmsprop): negLr, alpha, 1-alpha, eps, weightDecay, momentum, flags.
// slots: 0 square_avg, 1 momentum_buffer, 2 grad_avg.
import { RMSPROP_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { preparedGradWgsl } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[6];
  const maximize = (f & RMSPROP_FLAGS.maximize) !== 0, centered = (f & RMSPROP_FLAGS.centered) !== 0;
  const momentum = (f & RMSPROP_FLAGS.momentum) !== 0, wd = (f & RMSPROP_FLAGS.weightDecay) !== 0;
  const body = [
    ...preparedGradWgsl(maximize, wd),
    "let sa = s0[i] * u.alpha + (u.oneMinusAlpha * gi) * gi;",
    "s0[i] = sa;",
    centered
      ? "let ga = s2[i] * u.alpha + u.oneMinusAlpha * gi; s2[i] = ga; var avg = sqrt(sa + (-ga) * ga);"
      : "var avg = sqrt(sa);",
    "avg = avg + u.eps;",
    momentum
      ? "let b = s1[i] * u.momentum + gi / avg; s1[i] = b; p[i] = w + u.negLr * b;"
      : "p[i] = w + (u.negLr * gi) / avg;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `rmsprop_${f}`,
    buffers: [
      { name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true },
      ...(momentum ? [{ name: "s1", write: true }] : []),
      ...(centered ? [{ name: "s2", write: true }] : []),
    ],
    uniforms: ["negLr", "alpha", "oneMinusAlpha", "eps", "weightDecay", "momentum"],
    body,
  };
}

export const rmspropGpu = fusedGpuUpdate("RMSprop", program, (_e, a) => [a[0], a[1], a[2], a[3], a[4], a[5]]);
