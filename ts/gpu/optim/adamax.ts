// Adamax on the GPU: the op order of asm/optim/adamax.ts (torch 1.13 _single_tensor_adamax):
//   g = maximize ? -g : g;  g = g + wd*p;  m = m*b1 + (1-b1)*g
//   inf = amax(inf*b2, |g| + eps) (NaN propagates);  p = p + ((-clr)*m)/inf
// args (as optim_adamax): beta1, beta2, 1-beta1, eps, weightDecay, flags.
// slots: 0 exp_avg, 1 exp_inf.  coef 0: -clr = -lr / (1 - beta1^step).
import { SIMPLE_FLAGS } from "../../optim/kernels.ts";
import type { InPlaceProgram } from "../inplace_program.ts";
import { fusedGpuUpdate } from "./fused_gpu.ts";
import { IS_NAN, MAX_NAN, preparedGradWgsl, FIRST_MOMENT_WGSL } from "./wgsl_helpers.ts";

function program(args: number[]): InPlaceProgram {
  const f = args[5];
  const maximize = (f & SIMPLE_FLAGS.maximize) !== 0, wd = (f & SIMPLE_FLAGS.weightDecay) !== 0;
  const body = [
    ...preparedGradWgsl(maximize, wd),
    FIRST_MOMENT_WGSL,
    "s0[i] = m;",
    "let inf = maxNan(s1[i] * u.beta2, abs(gi) + u.eps);",
    "s1[i] = inf;",
    "p[i] = w + (u.negClr * m) / inf;",
  ].filter(Boolean).join("\n  ");
  return {
    key: `adamax_${f}`,
    buffers: [{ name: "p", write: true }, { name: "g", write: false }, { name: "s0", write: true }, { name: "s1", write: true }],
    uniforms: ["beta1", "beta2", "oneMinusBeta1", "eps", "weightDecay", "negClr"],
    body,
    functions: [IS_NAN, MAX_NAN],
  };
}

export const adamaxGpu = fusedGpuUpdate("Adamax", program, (e, a) => [a[0], a[1], a[2], a[3], a[4], e.coefs?.[0] ?? 0]);
